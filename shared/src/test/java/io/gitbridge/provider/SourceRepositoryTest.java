package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceRepositoryTest {

    private static final RepositoryIdentity GITHUB_APP = RepositoryIdentity.of("acme/app",
            "https://github.com/acme/app.git", "https://github.com/acme/app", "git@github.com:acme/app.git");

    @ParameterizedTest
    @ValueSource(strings = {
        "https://github.com/acme/app.git",
        "https://github.com/acme/app",
        "https://github.com/acme/app/",
        "https://github.com/acme/app.git/",
        "HTTPS://GitHub.COM/Acme/App.git",
        "http://github.com/acme/app.git",
        "https://github.com:443/acme/app.git",
        "https://user@github.com/acme/app.git",
        "https://github.com//acme//app.git",
        "git@github.com:acme/app.git",
        "ssh://git@github.com/acme/app.git",
        "ssh://git@github.com:22/Acme/App",
        " https://github.com/acme/app.git ",
        "https://github.com/acme/app.git?ref=main",
        "https://github.com/acme/app#readme"})
    void matches_theSameRepository_inEverySpelling(String source) {
        assertThat(SourceRepository.of(source).matches(GITHUB_APP)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://github.com/acme/other.git",
        "https://github.com/other/app.git",
        "https://github.com/acme/app-2.git",
        "https://github.com/acme/app/sub.git",
        "https://github.com/acme.git"})
    void matches_isFalse_forAnotherRepository(String source) {
        assertThat(SourceRepository.of(source).matches(GITHUB_APP)).isFalse();
    }

    @Test
    void matches_comparesTheHost_ofAUrl() {
        RepositoryIdentity urlOnly = RepositoryIdentity.of(null, "https://ghe.acme.example/acme/app.git");

        assertThat(SourceRepository.of("https://github.com/acme/app.git").matches(urlOnly)).isFalse();
        assertThat(SourceRepository.of("https://GHE.acme.example/acme/app").matches(urlOnly)).isTrue();
    }

    @Test
    void matches_byFullName_whenNoUrlMatches() {
        // GitLab's external URL may be another name of the host the admin used: the path still identifies it.
        RepositoryIdentity delivery = RepositoryIdentity.of("Acme/Sub/App", "https://gitlab.internal/acme/sub/app.git");

        assertThat(SourceRepository.of("https://gitlab.acme.example/acme/sub/app.git").matches(delivery)).isTrue();
        assertThat(SourceRepository.of("https://gitlab.acme.example/acme/app.git").matches(delivery)).isFalse();
        assertThat(SourceRepository.of("https://gitlab.acme.example/other/acme/sub/app.git").matches(delivery)).isFalse();
    }

    @Test
    void matches_aUrlWithAContextPath() {
        RepositoryIdentity delivery = RepositoryIdentity.ofSegments(List.of("scm", "WEB", "app"),
                "https://git.acme.example/bitbucket/scm/web/app.git");

        assertThat(SourceRepository.of("https://git.acme.example/bitbucket/scm/WEB/app.git").matches(delivery)).isTrue();
        assertThat(SourceRepository.of("https://git.acme.example/bitbucket/scm/web/site.git").matches(delivery)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "https://dev.azure.com/acme/Storefront/_git/app",
        "https://acme@dev.azure.com/acme/Storefront/_git/app",
        "https://acme.visualstudio.com/Storefront/_git/app",
        "https://acme.visualstudio.com/DefaultCollection/Storefront/_git/app",
        "git@ssh.dev.azure.com:v3/acme/Storefront/app",
        "https://dev.azure.com/ACME/storefront/_git/APP/"})
    void matches_azureDevOpsSpellings(String source) {
        RepositoryIdentity delivery = RepositoryIdentity.of(null, "https://dev.azure.com/acme/Storefront/_git/app");

        assertThat(SourceRepository.of(source).matches(delivery)).isTrue();
    }

    @Test
    void matches_azureDevOpsRepositoryNamedLikeItsProject_withoutTheProjectInTheUrl() {
        RepositoryIdentity delivery = RepositoryIdentity.of(null, "https://dev.azure.com/acme/Storefront/_git/Storefront");

        assertThat(SourceRepository.of("https://dev.azure.com/acme/_git/Storefront").matches(delivery)).isTrue();
        assertThat(SourceRepository.of("https://dev.azure.com/acme/_git/app").matches(delivery)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///tmp/source.git", "/srv/git/source.git", "file:///C:/repos/source"})
    void matches_everyDelivery_whenTheSourceIsLocal(String source) {
        SourceRepository local = SourceRepository.of(source);

        assertThat(local.isLocal()).isTrue();
        assertThat(local.matches(RepositoryIdentity.of("acme/other", "https://github.com/acme/other.git"))).isTrue();
    }

    @Test
    void otherRepository_isEmpty_forThisRepository() {
        assertThat(SourceRepository.of("https://github.com/acme/app.git").otherRepository(GITHUB_APP)).isEmpty();
    }

    @Test
    void otherRepository_isIgnored_forAnotherRepository() {
        RepositoryIdentity other = RepositoryIdentity.of("acme/other", "https://github.com/acme/other.git");

        assertThat(SourceRepository.of("https://github.com/acme/app.git").otherRepository(other)).contains(
                new WebhookEvent.Ignored("not this hook's repository: the delivery is about acme/other, this hook's "
                        + "source is https://github.com/acme/app.git"));
    }

    @Test
    void otherRepository_cutsWhatItRepeats() {
        String longName = "acme/" + "x".repeat(5000) + "\u0007";
        WebhookEvent ignored = SourceRepository.of("https://github.com/acme/app.git")
                .otherRepository(RepositoryIdentity.of(longName)).orElseThrow();

        String reason = ((WebhookEvent.Ignored) ignored).reason();
        assertThat(reason).startsWith("not this hook's repository: the delivery is about acme/xxx")
                .contains("…").doesNotContain("\u0007");
        assertThat(reason.length()).isLessThan(250);
    }

    @Test
    void otherRepository_rejects_aPayloadThatNamesNoRepository() {
        SourceRepository source = SourceRepository.of("https://github.com/acme/app.git");

        assertThatThrownBy(() -> source.otherRepository(RepositoryIdentity.of(null, (String) null)))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload names no repository");
    }
}
