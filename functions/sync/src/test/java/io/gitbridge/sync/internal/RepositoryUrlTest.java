package io.gitbridge.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.sync.UrlNotAllowedException;
import org.junit.jupiter.api.Test;

class RepositoryUrlTest {

    @Test
    void parse_acceptsHttps() {
        RepositoryUrl url = RepositoryUrl.parse("https://github.com/o/r.git", "source", false);

        assertThat(url.display()).isEqualTo("https://github.com/o/r.git");
        assertThat(url.uri().toString()).isEqualTo("https://github.com/o/r.git");
        assertThat(url.user()).isNull();
    }

    @Test
    void parse_stripsUserInfo_andKeepsItAsCredentials() {
        RepositoryUrl url = RepositoryUrl.parse("https://x-access-token:ghs_secret@github.com:8443/o/r", "source", false);

        assertThat(url.display()).isEqualTo("https://github.com:8443/o/r");
        assertThat(url.uri().toString()).doesNotContain("ghs_secret").doesNotContain("x-access-token");
        assertThat(url.user()).isEqualTo("x-access-token");
        assertThat(url.password()).isEqualTo("ghs_secret");
    }

    @Test
    void parse_refusesFileUrl_whenFileUrlsAreNotAllowed() {
        assertThatThrownBy(() -> RepositoryUrl.parse("file:///srv/git/r.git", "source", false))
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessage("the source repository file:///srv/git/r.git is a local file URL, which only the local "
                        + "runner accepts; use an https URL");
    }

    @Test
    void parse_refusesLocalPath_whenFileUrlsAreNotAllowed() {
        assertThatThrownBy(() -> RepositoryUrl.parse("/srv/git/r.git", "build", false))
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessageContaining("the build repository /srv/git/r.git is a local file URL");
    }

    @Test
    void parse_acceptsFileUrlAndLocalPath_whenFileUrlsAreAllowed() {
        assertThat(RepositoryUrl.parse("file:///srv/git/r.git", "source", true).display())
                .isEqualTo("file:///srv/git/r.git");
        assertThat(RepositoryUrl.parse("/srv/git/r.git", "source", true).display())
                .isEqualTo("file:///srv/git/r.git");
    }

    @Test
    void parse_refusesSshAndScpLikeUrls() {
        assertThatThrownBy(() -> RepositoryUrl.parse("ssh://git@github.com/o/r", "source", true))
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessage("the source repository URL ssh://github.com/o/r is not supported; use an https URL");
        assertThatThrownBy(() -> RepositoryUrl.parse("git@github.com:o/r.git", "source", true))
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessageContaining("use an https URL");
    }

    @Test
    void parse_refusesOtherSchemes() {
        assertThatThrownBy(() -> RepositoryUrl.parse("git://github.com/o/r", "source", true))
                .isInstanceOf(UrlNotAllowedException.class);
        assertThatThrownBy(() -> RepositoryUrl.parse("amazon-s3://bucket/r", "build", true))
                .isInstanceOf(UrlNotAllowedException.class);
    }

    @Test
    void parse_refusesHttpWithoutHost_andEmptyUrls() {
        assertThatThrownBy(() -> RepositoryUrl.parse("https:///o/r", "source", false))
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessageContaining("names no host");
        assertThatThrownBy(() -> RepositoryUrl.parse("  ", "source", false))
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessage("the source repository URL is empty");
    }

    @Test
    void parse_neverEchoesCredentials_whenRefusingAUrl() {
        assertThatThrownBy(() -> RepositoryUrl.parse("ftp://user:hunter2@example.com/r", "source", false))
                .isInstanceOf(UrlNotAllowedException.class)
                .message().doesNotContain("hunter2").doesNotContain("user:");
    }
}
