package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.delivery.ReceivedDeliveries;
import io.gitbridge.http.HttpApi;
import io.gitbridge.provider.github.GitHubHookDeliveries;
import io.gitbridge.provider.github.GitHubHookDelivery;
import io.gitbridge.provider.github.app.AppJwt;
import io.gitbridge.provider.github.app.AppPrivateKey;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The GitHub App's webhook as {@link ProviderDeliveryRoutes} reads it: GitHub's log through
 * {@code GET /app/hook/deliveries} and {@code POST /app/hook/deliveries/{id}/attempts} with a JWT of the stored app,
 * and, for each delivery, gitbridge's logs of the hooks its repository routes to ({@link GitHubAppStore#hooksFor},
 * by GitHub's repository id): the app's receiver logs a delivery on every hook it fanned it out to, so a GUID counts as
 * received when any of them logged it. A delivery about no repository (installation events), or about one no hook is
 * routed to by its id, cannot be checked: unless it failed, a catch-up leaves it {@code unchecked}. At most
 * {@value #MAX_HOOK_LOGS} hooks' logs are read per request.
 */
final class GitHubAppDeliverySource {

    /** The most hooks whose logs one request reads. */
    static final int MAX_HOOK_LOGS = 20;

    private final Optional<GitHubAppStore> store;
    private final DeliveryService deliveries;
    private final Clock clock;

    /** @param store the app's store with a cipher that opens its key; empty when the deployment has no app table */
    GitHubAppDeliverySource(Optional<GitHubAppStore> store, DeliveryService deliveries, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Applies {@code action} to the app's webhook; 503 without an app table, 409 when no app is stored. */
    APIGatewayV2HTTPResponse with(Function<ProviderDeliveryRoutes.Source, APIGatewayV2HTTPResponse> action) {
        if (store.isEmpty()) {
            return HttpApi.error(503, "not_configured", "this deployment has no GitHub App table (GITHUB_APP_TABLE);"
                    + " update the stack to use a GitHub App");
        }
        Optional<GitHubAppStore.StoredApp> stored = store.get().app();
        Optional<AppPrivateKey> key = stored.isEmpty() ? Optional.empty() : store.get().privateKey();
        if (stored.isEmpty() || key.isEmpty()) {
            return HttpApi.error(409, "no_github_app", "gitbridge has no GitHub App, so there is no app webhook log to"
                    + " read; store one with PUT /github-app");
        }
        GitHubApp app = stored.get().app();
        AppJwt jwt = AppJwt.forApp(app, key.get(), clock);
        return action.apply(new ProviderDeliveryRoutes.Source("app", GitHubHookDeliveries.ofApp(app.apiUrl(),
                jwt::token), from -> new Routed(store.get(), from)));
    }

    /** What the logs of the hooks a delivery's repository routes to say about it, read once per hook. */
    private final class Routed implements ProviderDeliveryRoutes.Received {

        private final GitHubAppStore routes;
        private final Instant from;
        private final Map<String, Optional<ReceivedDeliveries>> logs = new HashMap<>();

        Routed(GitHubAppStore routes, Instant from) {
            this.routes = routes;
            this.from = from;
        }

        @Override
        public Optional<Boolean> received(GitHubHookDelivery latest, Instant firstAttemptAt) {
            return logsOf(latest).flatMap(log -> log.received(latest.guid(), firstAttemptAt));
        }

        @Override
        public Optional<Delivery.Outcome> outcome(GitHubHookDelivery attempt) {
            return logsOf(attempt).flatMap(log -> log.outcome(attempt.guid()));
        }

        /** The routed hooks' logs together; empty when no hook (that still exists) is routed, or too many were read. */
        private Optional<ReceivedDeliveries> logsOf(GitHubHookDelivery delivery) {
            if (delivery.repositoryId() == null) {
                return Optional.empty();
            }
            List<String> hooks = routes.hooksFor(delivery.repositoryId(), null);
            ReceivedDeliveries together = null;
            for (String hookId : hooks) {
                if (!logs.containsKey(hookId) && logs.size() >= MAX_HOOK_LOGS) {
                    return Optional.empty();
                }
                Optional<ReceivedDeliveries> log = logs.computeIfAbsent(hookId, id -> deliveries.received(id, from));
                if (log.isPresent()) {
                    together = together == null ? log.get() : together.and(log.get());
                }
            }
            return Optional.ofNullable(together);
        }
    }
}
