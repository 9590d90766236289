package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.delivery.ReceivedDeliveries;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.ValidationException;
import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.github.GitHubHookDeliveries;
import io.gitbridge.provider.github.GitHubHookDelivery;
import io.gitbridge.provider.github.GitHubHookDeliveryPage;
import io.gitbridge.provider.github.GitHubRedeliveryPlan;
import io.gitbridge.provider.github.GitHubRegistrar;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * GitHub's side of the delivery log: {@code GET /hooks/{id}/provider-deliveries} lists what GitHub attempted for the
 * hook's repository webhook (each attempt marked with whether gitbridge's log shows its GUID as received),
 * {@code POST …/provider-deliveries/{deliveryId}/redeliver} asks GitHub to deliver one again, and
 * {@code POST /hooks/{id}/catch-up?since=} asks again for every event since then that gitbridge missed or that failed
 * ({@link GitHubRedeliveryPlan}), at most {@value #MAX_REDELIVERIES} per call, reading at most {@value #MAX_PAGES}
 * pages of {@value GitHubHookDeliveries#MAX_PER_PAGE} of GitHub's log, within a {@link #BUDGET} of time. Only a GitHub hook that gitbridge registered
 * as a repository webhook has such a log: any other answers 409 ({@code not_github}, {@code not_registered},
 * {@code no_token}). The same three routes under {@code /github-app/} read the GitHub App's webhook
 * ({@link GitHubAppDeliverySource}). Provider failures reach the handler's one mapping as {@code RegistrationException}s, except in a
 * catch-up that already asked for some redeliveries: its answer then carries the error and what it asked for.
 */
final class ProviderDeliveryRoutes {

    /** Attempts per page when the request names no limit. */
    static final int DEFAULT_LIMIT = 30;
    /** The most pages of GitHub's log one catch-up reads. */
    static final int MAX_PAGES = 10;
    /** The most redeliveries one catch-up asks for. */
    static final int MAX_REDELIVERIES = 50;
    /**
     * How long a catch-up keeps reading pages, and then asking for redeliveries, before it leaves the rest to the next
     * call: well inside the hooks function's 29 s timeout, with GitHub's calls taking up to 5 s each.
     */
    static final Duration BUDGET = Duration.ofSeconds(18);
    private static final String CURSOR_VERSION = "1";
    private static final int MAX_SINCE_LENGTH = 64;
    /** GitHub's delivery ids are 64-bit numbers; 18 digits always fit. */
    private static final int MAX_DELIVERY_ID_DIGITS = 18;

    private final HookService hooks;
    private final DeliveryService deliveries;
    private final GitHubAppDeliverySource app;
    private final Clock clock;

    /** @param app the GitHub App's webhook */
    ProviderDeliveryRoutes(HookService hooks, DeliveryService deliveries, GitHubAppDeliverySource app, Clock clock) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.app = app;
        this.clock = clock;
    }

    /**
     * A webhook's log on GitHub and how to read gitbridge's own log for it.
     *
     * @param scope what cursors of this log are bound to: a hook id, or {@code app}
     * @param github GitHub's log
     * @param received gitbridge's log, read from a time on
     */
    record Source(String scope, GitHubHookDeliveries github, Function<Instant, Received> received) {
    }

    /** What gitbridge's log (or logs) says about GitHub's attempts. */
    interface Received extends GitHubRedeliveryPlan.ReceivedCheck {

        /** What gitbridge did with the attempt's event, when its log has it. */
        Optional<Delivery.Outcome> outcome(GitHubHookDelivery attempt);

        /** One hook's log. */
        static Received of(ReceivedDeliveries log) {
            return new Received() {
                @Override
                public Optional<Boolean> received(GitHubHookDelivery latest, Instant firstAttemptAt) {
                    return log.received(latest.guid(), firstAttemptAt);
                }

                @Override
                public Optional<Delivery.Outcome> outcome(GitHubHookDelivery attempt) {
                    return log.outcome(attempt.guid());
                }
            };
        }
    }

    /** True for the templates of these routes, where a refused token is just that (not a failed registration). */
    static boolean reads(String template) {
        return template.contains("/provider-deliveries") || template.endsWith("/catch-up");
    }

    /** {@code GET /hooks/{id}/provider-deliveries}. */
    APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event, String hookId) {
        return withHook(hookId, source -> list(event, source));
    }

    /** {@code POST /hooks/{id}/provider-deliveries/{deliveryId}/redeliver}. */
    APIGatewayV2HTTPResponse redeliver(String hookId, String deliveryId) {
        return withHook(hookId, source -> redeliver(source, deliveryId));
    }

    /** {@code POST /hooks/{id}/catch-up?since=}. */
    APIGatewayV2HTTPResponse catchUp(APIGatewayV2HTTPEvent event, String hookId) {
        return withHook(hookId, source -> catchUp(event, source));
    }

    /** {@code GET /github-app/provider-deliveries}: the same for the GitHub App's webhook. */
    APIGatewayV2HTTPResponse listApp(APIGatewayV2HTTPEvent event) {
        return app.with(source -> list(event, source));
    }

    /** {@code POST /github-app/provider-deliveries/{deliveryId}/redeliver}. */
    APIGatewayV2HTTPResponse redeliverApp(String deliveryId) {
        return app.with(source -> redeliver(source, deliveryId));
    }

    /** {@code POST /github-app/catch-up?since=}. */
    APIGatewayV2HTTPResponse catchUpApp(APIGatewayV2HTTPEvent event) {
        return app.with(source -> catchUp(event, source));
    }

    private APIGatewayV2HTTPResponse withHook(String hookId, Function<Source, APIGatewayV2HTTPResponse> action) {
        Optional<Hook> found = hooks.get(hookId);
        if (found.isEmpty()) {
            return HttpApi.error(404, "not_found", "no hook " + Bounds.cut(hookId));
        }
        Hook hook = found.get();
        if (!"github".equals(hook.provider())) {
            return HttpApi.error(409, "not_github", "hook " + hook.id() + " is a " + hook.provider() + " hook; only"
                    + " GitHub keeps a log of a webhook's deliveries that gitbridge can read");
        }
        if (hook.registration() == null || hook.registration().providerHookId() == null) {
            return HttpApi.error(409, "not_registered", "hook " + hook.id() + " has no repository webhook that"
                    + " gitbridge registered on GitHub, so there is no GitHub delivery log to read; create it with"
                    + " \"register\": true (a hook in GitHub App mode: use /github-app/provider-deliveries)");
        }
        if (hook.token() == null) {
            return HttpApi.error(409, "no_token", "hook " + hook.id() + " has no token to read GitHub's delivery log"
                    + " with; give it one (PUT or PATCH) with Webhooks read-and-write");
        }
        RepositoryLocation location;
        try {
            location = new GitHubRegistrar().locate(hook.sourceRepo(), hook.apiUrl());
        } catch (IllegalArgumentException e) {
            return HttpApi.error(409, "not_registered", "hook " + hook.id() + "'s sourceRepo " + e.getMessage());
        }
        String token = hook.token();
        GitHubHookDeliveries github = GitHubHookDeliveries.ofRepositoryWebhook(location,
                hook.registration().providerHookId(), () -> token);
        return action.apply(new Source(hook.id(), github,
                from -> Received.of(deliveries.received(hook.id(), from).orElse(ReceivedDeliveries.NONE))));
    }

    APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event, Source source) {
        int limit = limit(HttpApi.queryParameter(event, "limit").orElse(null));
        String cursor = HttpApi.queryParameter(event, "cursor").map(value -> decodeCursor(value, source.scope()))
                .orElse(null);
        GitHubHookDeliveryPage page = source.github().list(limit, cursor);
        Received received = page.items().stream().map(GitHubHookDelivery::deliveredAt).min(Instant::compareTo)
                .map(oldest -> source.received().apply(oldest.minus(ReceivedDeliveries.CLOCK_SLACK)))
                .orElse(Received.of(ReceivedDeliveries.NONE));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (GitHubHookDelivery delivery : page.items()) {
            ObjectNode item = attempt(items.addObject(), delivery);
            Optional<Boolean> logged = received.received(delivery, delivery.deliveredAt());
            if (logged.isPresent()) {
                item.put("received", logged.get());
            } else {
                item.putNull("received");
            }
            item.put("gitbridgeOutcome", received.outcome(delivery).map(Delivery.Outcome::wire).orElse(null));
        }
        if (page.next() == null) {
            body.putNull("next");
        } else {
            body.put("next", encodeCursor(source.scope(), page.next()));
        }
        return HttpApi.json(200, body);
    }

    APIGatewayV2HTTPResponse redeliver(Source source, String deliveryId) {
        long id = deliveryId(deliveryId);
        if (!source.github().redeliver(id)) {
            return HttpApi.error(404, "not_found", "GitHub has no delivery " + id + " for this webhook (it keeps"
                    + " deliveries " + source.github().retentionDays() + " days)");
        }
        return HttpApi.json(202, Json.MAPPER.createObjectNode().put("status", "requested").put("deliveryId", id));
    }

    APIGatewayV2HTTPResponse catchUp(APIGatewayV2HTTPEvent event, Source source) {
        Instant now = clock.instant();
        Instant since = since(HttpApi.queryParameter(event, "since").orElse(null), now,
                source.github().retentionDays());
        List<GitHubHookDelivery> attempts = new ArrayList<>();
        boolean complete = false;
        String cursor = null;
        for (int pages = 0; pages < MAX_PAGES && !complete && !spent(now); pages++) {
            GitHubHookDeliveryPage page = source.github().list(GitHubHookDeliveries.MAX_PER_PAGE, cursor);
            attempts.addAll(page.items());
            cursor = page.next();
            complete = cursor == null
                    || page.items().stream().anyMatch(attempt -> attempt.deliveredAt().isBefore(since));
        }
        Received received = source.received().apply(since.minus(ReceivedDeliveries.CLOCK_SLACK));
        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, since, received, MAX_REDELIVERIES);
        ObjectNode body = Json.MAPPER.createObjectNode().put("since", since.toString())
                .put("examined", (int) attempts.stream().filter(a -> !a.deliveredAt().isBefore(since)).count())
                .put("complete", complete);
        ArrayNode requested = body.putArray("requested");
        ArrayNode skipped = body.putArray("skipped");
        List<GitHubRedeliveryPlan.Choice> wanted = plan.requested();
        for (int i = 0; i < wanted.size(); i++) {
            GitHubRedeliveryPlan.Choice choice = wanted.get(i);
            if (spent(now)) {
                choice(skipped.addObject(), choice.delivery(), GitHubRedeliveryPlan.Why.LIMIT.wire());
                continue;
            }
            boolean accepted;
            try {
                accepted = source.github().redeliver(choice.delivery().id());
            } catch (RegistrationException e) {
                if (requested.isEmpty()) {
                    throw e;
                }
                wanted.subList(i, wanted.size()).forEach(left -> choice(skipped.addObject(), left.delivery(), "stopped"));
                plan.skipped().forEach(left -> choice(skipped.addObject(), left.delivery(), left.why().wire()));
                return stopped(body, e);
            }
            if (accepted) {
                choice(requested.addObject(), choice.delivery(), choice.why().wire());
            } else {
                choice(skipped.addObject(), choice.delivery(), "gone");
            }
        }
        plan.skipped().forEach(left -> choice(skipped.addObject(), left.delivery(), left.why().wire()));
        return HttpApi.json(200, body);
    }

    /** True when a catch-up that started at {@code start} has used its {@link #BUDGET}. */
    private boolean spent(Instant start) {
        return clock.instant().isAfter(start.plus(BUDGET));
    }

    /**
     * A catch-up that GitHub stopped after it had already asked for some redeliveries: the error as the handler would
     * map it, with what was asked for, so that the admin knows what not to ask again.
     */
    private static APIGatewayV2HTTPResponse stopped(ObjectNode body, RegistrationException e) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (e instanceof RegistrationException.RateLimited limited) {
            answer.put("error", "rate_limited").put("message", e.getMessage()).setAll(body);
            return HttpApi.withHeader(HttpApi.json(429, answer), "retry-after",
                    Long.toString(limited.retryAfterSeconds()));
        }
        boolean unavailable = e instanceof RegistrationException.ProviderUnavailable;
        answer.put("error", unavailable ? "provider_unavailable"
                : e instanceof RegistrationException.TokenRejected ? "token_rejected" : "registration")
                .put("message", e.getMessage()).setAll(body);
        return HttpApi.json(unavailable ? 502 : 422, answer);
    }

    private static ObjectNode attempt(ObjectNode item, GitHubHookDelivery delivery) {
        item.put("id", delivery.id()).put("guid", delivery.guid()).put("event", delivery.event())
                .put("action", delivery.action()).put("statusCode", delivery.statusCode())
                .put("status", delivery.status()).put("deliveredAt", delivery.deliveredAt().toString())
                .put("redelivery", delivery.redelivery()).put("duration", delivery.duration());
        return item;
    }

    private static void choice(ObjectNode item, GitHubHookDelivery delivery, String why) {
        item.put("id", delivery.id()).put("guid", delivery.guid()).put("event", delivery.event())
                .put("action", delivery.action()).put("statusCode", delivery.statusCode())
                .put("deliveredAt", delivery.deliveredAt().toString()).put("why", why);
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (!value.isEmpty() && value.length() <= 3 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= GitHubHookDeliveries.MAX_PER_PAGE) {
                return limit;
            }
        }
        throw new BadRequestException("limit must be a whole number from 1 to " + GitHubHookDeliveries.MAX_PER_PAGE
                + ", got \"" + Bounds.cut(value) + "\"", null);
    }

    static long deliveryId(String value) {
        if (value.isEmpty() || value.length() > MAX_DELIVERY_ID_DIGITS
                || !value.chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(value) == 0) {
            throw new BadRequestException("deliveryId must be GitHub's numeric id of a delivery (1 to "
                    + MAX_DELIVERY_ID_DIGITS + " digits, not 0), got \"" + Bounds.cut(value) + "\"", null);
        }
        return Long.parseLong(value);
    }

    /**
     * The time a catch-up reads back to.
     *
     * @throws BadRequestException when it is missing or not an ISO-8601 time with a zone
     * @throws ValidationException naming {@code since} when it is in the future or older than GitHub keeps deliveries
     */
    static Instant since(String value, Instant now, int retentionDays) {
        if (value == null || value.isEmpty()) {
            throw new BadRequestException("since is required: the ISO-8601 time to catch up from, e.g. "
                    + now.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), null);
        }
        Instant since;
        try {
            if (value.length() > MAX_SINCE_LENGTH) {
                throw new DateTimeParseException("too long", value, 0);
            }
            since = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("since must be an ISO-8601 time with a zone, e.g. 2026-11-30T06:00:00Z, got \""
                    + Bounds.cut(value) + "\"", e);
        }
        if (since.isAfter(now)) {
            throw new ValidationException(Map.of("since", "is in the future; catch up from a time before now"));
        }
        if (since.isBefore(now.minus(Duration.ofDays(retentionDays)))) {
            throw new ValidationException(Map.of("since", "is older than GitHub keeps a webhook's deliveries ("
                    + retentionDays + " days here: 3 on github.com, 7 on GitHub Enterprise Server); catch up from "
                    + now.minus(Duration.ofDays(retentionDays)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " or later"));
        }
        return since;
    }

    /** {@code base64url("1\n" + scope + "\n" + githubCursor)}: opaque, bound to one log, never a URL. */
    static String encodeCursor(String scope, String githubCursor) {
        String plain = String.join("\n", List.of(CURSOR_VERSION, scope, githubCursor));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * GitHub's cursor in a cursor this route gave for the same log.
     *
     * @throws BadRequestException for anything else
     */
    static String decodeCursor(String cursor, String scope) {
        BadRequestException invalid = new BadRequestException("cursor is not one this list gave; start again without"
                + " one", null);
        if (cursor.isEmpty() || cursor.length() > Bounds.MAX_CURSOR_LENGTH) {
            throw invalid;
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
        String[] parts = plain.split("\n", -1);
        if (parts.length != 3 || !parts[0].equals(CURSOR_VERSION) || !parts[1].equals(scope)) {
            throw invalid;
        }
        String github = parts[2];
        if (github.isEmpty() || github.length() > GitHubHookDeliveries.MAX_CURSOR_LENGTH
                || !github.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid;
        }
        return github;
    }
}
