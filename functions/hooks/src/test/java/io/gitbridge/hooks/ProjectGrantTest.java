package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProjectGrantTest {

    @Test
    void parse_readsApiGatewaysSpellingOfAnArrayClaim() {
        ProjectGrant grant = ProjectGrant.parse("[demo App other-1]");

        assertThat(grant.all()).isFalse();
        assertThat(grant.projects()).containsExactlyInAnyOrder("demo", "app", "other-1");
        assertThat(grant.covers("APP")).isTrue();
        assertThat(grant.covers("nope")).isFalse();
    }

    @Test
    void parse_readsAJsonArray() {
        ProjectGrant grant = ProjectGrant.parse("[\"demo\", \"App\"]");

        assertThat(grant.projects()).containsExactlyInAnyOrder("demo", "app");
        assertThat(grant.covers("Demo")).isTrue();
    }

    @Test
    void parse_readsASingleName_andNamesSeparatedBySpacesOrCommas() {
        assertThat(ProjectGrant.parse("demo").projects()).containsExactly("demo");
        assertThat(ProjectGrant.parse(" demo, app  other ").projects()).containsExactlyInAnyOrder("demo", "app", "other");
    }

    @Test
    void parse_starAlone_orInAnArray_coversEveryProject() {
        assertThat(ProjectGrant.parse("*").covers("anything")).isTrue();
        assertThat(ProjectGrant.parse("[*]").covers("anything")).isTrue();
        assertThat(ProjectGrant.parse("[\"*\"]").covers("anything")).isTrue();
        assertThat(ProjectGrant.parse("[demo *]").all()).isTrue();
    }

    @Test
    void parse_emptyOrMissingOrOverlong_coversNothing() {
        assertThat(ProjectGrant.parse(null)).isEqualTo(ProjectGrant.NONE);
        assertThat(ProjectGrant.parse("")).isEqualTo(ProjectGrant.NONE);
        assertThat(ProjectGrant.parse("[]")).isEqualTo(ProjectGrant.NONE);
        assertThat(ProjectGrant.parse("[ ]")).isEqualTo(ProjectGrant.NONE);
        assertThat(ProjectGrant.parse("demo ".repeat(4000)).covers("demo")).isFalse();
        assertThat(ProjectGrant.NONE.covers("demo")).isFalse();
    }

    @Test
    void parse_doesNotTreatAPrefixOrSubstringAsTheProject() {
        ProjectGrant grant = ProjectGrant.parse("[demo-app]");

        assertThat(grant.covers("demo")).isFalse();
        assertThat(grant.covers("demo-app")).isTrue();
        assertThat(ProjectGrant.parse("**").covers("demo")).isFalse();
    }

    @Test
    void parse_jsonArrayWithNonStrings_isReadAsApiGatewaysSpelling() {
        assertThat(ProjectGrant.parse("[1, 2]").projects()).isEqualTo(Set.of("1", "2"));
        assertThat(ProjectGrant.parse("[demo").projects()).containsExactly("demo");
    }
}
