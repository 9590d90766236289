package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.BOTH;
import static io.gitbridge.provider.TestRequests.CI_ONLY;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 7, rule 5, for every provider: a push or CI delivery counts only when it is about the hook's repository. */
class RepositoryRuleTest {

    static Stream<Arguments> pushesAndCi() {
        return ProviderCases.all().stream().flatMap(cases -> {
            Stream<Arguments> push = Stream.of(arguments(cases, "push", cases.push(), PUSH_ONLY, EventKind.PUSH));
            WebhookRequest ci = cases.ciSuccess();
            return ci == null ? push : Stream.concat(push, Stream.of(arguments(cases, "ci", ci, CI_ONLY, EventKind.CI)));
        });
    }

    /** The fixtures' source as admins may spell it: case, {@code .git} or not, a trailing slash, http. */
    static Stream<Arguments> spellings() {
        return pushesAndCi().flatMap(arguments -> {
            ProviderCases cases = (ProviderCases) arguments.get()[0];
            String source = cases.source();
            String bare = source.endsWith(".git") ? source.substring(0, source.length() - 4) : source;
            return Stream.of(source, source.toUpperCase(Locale.ROOT), bare, bare + "/", bare + ".git/",
                    source.replace("https://", "http://")).distinct()
                    .map(spelling -> arguments(arguments.get()[0], arguments.get()[1], arguments.get()[2],
                            arguments.get()[3], arguments.get()[4], spelling));
        });
    }

    @ParameterizedTest(name = "{0} {1} for {5}")
    @MethodSource("spellings")
    void classify_syncs_whenTheDeliveryIsAboutTheHooksRepository(ProviderCases cases, String kind,
            WebhookRequest request, HookEvents events, EventKind expected, String source) {
        WebhookEvent event = cases.webhookProvider().classify(request, SourceRepository.of(source), "main", events);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(expected, "refs/heads/main", ProviderCases.COMMIT));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pushesAndCi")
    void classify_ignores_aDeliveryAboutAnotherRepository(ProviderCases cases, String kind, WebhookRequest request,
            HookEvents events, EventKind expected) {
        WebhookRequest other = ProviderCases.withJson(request, ProviderCases::renameRepository);

        WebhookEvent event = cases.webhookProvider().classify(other, SourceRepository.of(cases.source()), "main",
                events);

        assertThat(event).isInstanceOf(WebhookEvent.Ignored.class);
        assertThat(((WebhookEvent.Ignored) event).reason())
                .startsWith("not this hook's repository: the delivery is about ")
                .contains("other")
                .endsWith(", this hook's source is " + cases.source());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pushesAndCi")
    void classify_ignores_anotherRepository_beforeCheckingTheSubscription(ProviderCases cases, String kind,
            WebhookRequest request, HookEvents events, EventKind expected) {
        // An organisation or group webhook sends every event of every repository; none of them is this hook's.
        HookEvents unsubscribed = events.push() ? CI_ONLY : PUSH_ONLY;
        WebhookRequest other = ProviderCases.withJson(request, ProviderCases::renameRepository);

        WebhookEvent event = cases.webhookProvider().classify(other, SourceRepository.of(cases.source()), "main",
                unsubscribed);

        assertThat(((WebhookEvent.Ignored) event).reason()).startsWith("not this hook's repository");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pushesAndCi")
    void classify_rejects_aPushOrCiDeliveryThatNamesNoRepository(ProviderCases cases, String kind,
            WebhookRequest request, HookEvents events, EventKind expected) {
        WebhookRequest unnamed = ProviderCases.withJson(request, cases::removeRepository);
        WebhookProvider provider = cases.webhookProvider();
        SourceRepository source = SourceRepository.of(cases.source());

        if (cases.provider().equals("azure-devops") && kind.equals("ci")) {
            // A XAML-era build.complete names no repository: it cannot be matched, so a success does not sync.
            assertThat(provider.classify(unnamed, source, "main", events)).isEqualTo(new WebhookEvent.Ignored(
                    "the build names no repository (resource.repository), so it cannot be matched to this hook's "
                            + "source"));
            return;
        }
        assertThatThrownBy(() -> provider.classify(unnamed, source, "main", BOTH))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload names no repository");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pushesAndCi")
    void classify_matchesEveryDelivery_whenTheSourceIsLocal(ProviderCases cases, String kind, WebhookRequest request,
            HookEvents events, EventKind expected) {
        WebhookRequest other = ProviderCases.withJson(request, ProviderCases::renameRepository);

        WebhookEvent event = cases.webhookProvider().classify(other, SourceRepository.of("file:///tmp/source.git"),
                "main", events);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(expected, "refs/heads/main", ProviderCases.COMMIT));
    }
}
