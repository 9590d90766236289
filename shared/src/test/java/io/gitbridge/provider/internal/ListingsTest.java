package io.gitbridge.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.InvalidPageException;
import io.gitbridge.provider.ListingPage;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListingsTest {

    @Test
    void hasNextLink_findsRelNext_amongOtherRelations() {
        assertThat(Listings.hasNextLink(Optional.of("<https://a/x?page=2>; rel=\"next\", <https://a/x?page=9>;"
                + " rel=\"last\""))).isTrue();
        assertThat(Listings.hasNextLink(Optional.of("<https://a/x?page=1>; rel=\"prev\",<https://a/x?page=3>;"
                + " rel=\"next\""))).isTrue();
        assertThat(Listings.hasNextLink(Optional.of("<https://a/x?page=2>; rel=next"))).isTrue();
    }

    @Test
    void hasNextLink_isFalse_withoutRelNext() {
        assertThat(Listings.hasNextLink(Optional.of("<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=1>;"
                + " rel=\"first\""))).isFalse();
        assertThat(Listings.hasNextLink(Optional.of("<https://a/next>; rel=\"last\""))).isFalse();
        assertThat(Listings.hasNextLink(Optional.empty())).isFalse();
    }

    @Test
    void pageNumber_refusesAnythingButAPageNumberInRange() {
        assertThat(Listings.pageNumber(null, 1)).isEqualTo(1);
        assertThat(Listings.pageNumber("7", 1)).isEqualTo(7);
        for (String bad : List.of("", "0", "-1", "1e3", "https://evil.example/x", "99999999")) {
            assertThatThrownBy(() -> Listings.pageNumber(bad, 1)).as(bad).isInstanceOf(InvalidPageException.class);
        }
    }

    @Test
    void slice_pagesAListByOffset_andTheLastPageHasNoNext() {
        List<Integer> all = IntStream.range(0, 7).boxed().toList();

        ListingPage<Integer> first = Listings.slice(all, null, 3);
        ListingPage<Integer> last = Listings.slice(all, "6", 3);

        assertThat(first.items()).containsExactly(0, 1, 2);
        assertThat(first.next()).isEqualTo("3");
        assertThat(last.items()).containsExactly(6);
        assertThat(last.next()).isNull();
        assertThat(Listings.slice(List.of(1, 2, 3), null, 3).next()).as("a page ending at the last item").isNull();
        assertThatThrownBy(() -> Listings.slice(all, "7", 3)).isInstanceOf(InvalidPageException.class);
    }

    @Test
    void withoutUserInfo_dropsTheUserNameProvidersPutInCloneUrls() {
        assertThat(Listings.withoutUserInfo("https://alice@bitbucket.org/ws/app.git"))
                .isEqualTo("https://bitbucket.org/ws/app.git");
        assertThat(Listings.withoutUserInfo("https://dev.azure.com/o/p/_git/r")).isEqualTo("https://dev.azure.com/o/p/_git/r");
    }

    @Test
    void parts_refusesNamesOfTheWrongShape() {
        assertThat(Listings.parts("a/b", 2, 2, "owner/name")).containsExactly("a", "b");
        for (String bad : List.of("a", "a/b/c", "a//b", "/a/b", " /b")) {
            assertThatThrownBy(() -> Listings.parts(bad, 2, 2, "owner/name")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner/name");
        }
    }
}
