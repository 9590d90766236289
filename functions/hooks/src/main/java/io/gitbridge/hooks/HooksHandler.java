package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.aws.SqsDeadLetterQueue;
import io.gitbridge.aws.GitbridgeConfig;
import io.gitbridge.deadletter.DeadLetters;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.logging.LogContext;
import io.gitbridge.metrics.Metrics;
import io.gitbridge.delivery.DeliveryJson;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.delivery.NotQueuedException;
import io.gitbridge.hook.GitHubAppHooks;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookJson;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.provider.internal.ProviderApi;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.MalformedJsonException;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ProjectTakenException;
import io.gitbridge.hook.SecretRotation;
import io.gitbridge.hook.ValidationException;
import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import io.gitbridge.http.PayloadTooLargeException;
import io.gitbridge.http.UnsupportedMediaTypeException;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.github.app.GitHubAppException;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.sync.QueueUnavailableException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.crac.Core;

/**
 * The admin API: create, read, update, delete and list hooks; rotate a hook's secret; list a hook's deliveries or read
 * one, sync it now, redeliver; read GitHub's own log of a hook's webhook, redeliver from it and catch up
 * ({@link ProviderDeliveryRoutes}); list and redrive dead letters ({@link DeadLetterRoutes}); list a provider's repositories
 * and branches for a token ({@link ProviderRoutes}). The same operations on one project's hook under
 * {@code /projects/{project}/hook}, and the picker under {@code /projects/{project}/providers}, for that project's
 * administrators ({@link ProjectAdmins}).
 * Secrets and tokens go in, never out.
 */
public final class HooksHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** JSON Merge Patch, RFC 7396 section 4. */
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final Logger LOG = System.getLogger(HooksHandler.class.getName());

    private final HookService service;
    private final DeliveryService deliveries;
    private final PublicUrl publicUrl;
    /** GitHub's delivery logs; the app's answers 503 until {@link #withGitHubAppDeliveries} gives it a store. */
    private ProviderDeliveryRoutes providerDeliveries;
    private final DeadLetterRoutes deadLetters;
    private final ProjectAdmins projectAdmins;
    private final ProviderRoutes providers;
    /** The GitHub App's routes; answer 503 until {@link #withGitHubApp} gives them a store. */
    private GitHubAppRoutes gitHubApp;
    /** Kept here: a CRaC context may hold its resources weakly. Null for a handler built around given services. */
    private HooksPriming priming;
    private final List<Route> routes = List.of(
            Route.of("POST", "/hooks", (event, none) -> create(event)),
            Route.of("GET", "/hooks", (event, none) -> list(event)),
            Route.of("GET", "/hooks/{id}", (event, id) -> get(event, id)),
            Route.of("PUT", "/hooks/{id}", this::update),
            Route.of("PATCH", "/hooks/{id}", this::patch),
            Route.of("DELETE", "/hooks/{id}", this::delete),
            Route.of("POST", "/hooks/{id}/secret", this::rotateSecret),
            Route.of("GET", "/hooks/{id}/deliveries", this::listDeliveries),
            Route.withParameters("GET", "/hooks/{id}/deliveries/{deliveryId}",
                    (event, path) -> getDelivery(path.get("id"), path.get("deliveryId"))),
            Route.of("POST", "/hooks/{id}/sync", (event, id) -> syncNow(id)),
            Route.withParameters("POST", "/hooks/{id}/deliveries/{deliveryId}/redeliver",
                    (event, path) -> redeliver(path.get("id"), path.get("deliveryId"))),
            // GitHub's own log of the hook's repository webhook (ProviderDeliveryRoutes).
            Route.of("GET", "/hooks/{id}/provider-deliveries", this::listProviderDeliveries),
            Route.withParameters("POST", "/hooks/{id}/provider-deliveries/{deliveryId}/redeliver", (event, path) ->
                    redeliverProviderDelivery(path.get("id"), path.get("deliveryId"))),
            Route.of("POST", "/hooks/{id}/catch-up", this::catchUp),
            Route.of("GET", "/github-app/provider-deliveries", (event, none) -> providerDeliveries.listApp(event)),
            Route.of("POST", "/github-app/provider-deliveries/{deliveryId}/redeliver",
                    (event, deliveryId) -> providerDeliveries.redeliverApp(deliveryId)),
            Route.of("POST", "/github-app/catch-up", (event, none) -> providerDeliveries.catchUpApp(event)),
            // A project's hook, for that project's administrators: the same bodies and answers as /hooks/{id}.
            Route.of("POST", "/projects/{project}/hook", this::createInProject),
            Route.of("GET", "/projects/{project}/hook", (event, project) -> inProject(project, hook -> get(event, hook.id()))),
            Route.of("PUT", "/projects/{project}/hook", this::updateInProject),
            Route.of("PATCH", "/projects/{project}/hook", this::patchInProject),
            Route.of("DELETE", "/projects/{project}/hook",
                    (event, project) -> inProject(project, hook -> delete(event, hook.id()))),
            Route.of("GET", "/projects/{project}/hook/deliveries",
                    (event, project) -> inProject(project, hook -> listDeliveries(event, hook.id()))),
            Route.withParameters("GET", "/projects/{project}/hook/deliveries/{deliveryId}", (event, path) ->
                    inProject(path.get("project"), hook -> getDelivery(hook.id(), path.get("deliveryId")))),
            Route.of("POST", "/projects/{project}/hook/secret",
                    (event, project) -> inProject(project, hook -> rotateSecret(event, hook.id()))),
            Route.of("POST", "/projects/{project}/hook/sync",
                    (event, project) -> inProject(project, hook -> syncNow(hook.id()))),
            Route.withParameters("POST", "/projects/{project}/hook/deliveries/{deliveryId}/redeliver", (event, path) ->
                    inProject(path.get("project"), hook -> redeliver(hook.id(), path.get("deliveryId")))),
            Route.of("GET", "/dead-letters", (event, none) -> listDeadLetters(event)),
            Route.of("POST", "/dead-letters/redrive", (event, none) -> redriveDeadLetters(event)),
            Route.of("POST", "/providers/{provider}/repositories", this::listRepositories),
            Route.of("POST", "/providers/{provider}/branches", this::listBranches),
            // The same picker for a project's administrators (the project check in dispatch is all that differs).
            Route.withParameters("POST", "/projects/{project}/providers/{provider}/repositories",
                    (event, path) -> listRepositories(event, path.get("provider"))),
            Route.withParameters("POST", "/projects/{project}/providers/{provider}/branches",
                    (event, path) -> listBranches(event, path.get("provider"))),
            // The GitHub App (README "Connect GitHub with a GitHub App"); the setup page is public (no authorizer).
            Route.of("GET", "/github-app/registration-link", (event, none) -> gitHubAppRegistrationLink(event)),
            Route.of("PUT", "/github-app", (event, none) -> putGitHubApp(event)),
            Route.of("GET", "/github-app", (event, none) -> getGitHubApp(event)),
            Route.of("GET", "/github-app/setup", (event, none) -> gitHubApp.setup(event)));

    /**
     * For the Lambda runtime: wires the AWS stores from the environment once per container, and registers the
     * priming SnapStart runs before the snapshot.
     */
    public HooksHandler() {
        this(AwsRuntime.fromEnvironment());
        ProviderApi.useUrlPolicy(GitbridgeConfig.fromEnvironment(System.getenv()).urlPolicy());
        priming = new HooksPriming(event -> handleRequest(event, null));
        Core.getGlobalContext().register(priming);
    }

    private HooksHandler(AwsRuntime aws) {
        this(aws, serviceWithGitHubApp(new HookService(aws.hooks(), new HookValidator(Providers.standard(),
                aws.config().urlPolicy()), Clock.systemUTC()), aws),
                new DeliveryService(aws.hooksWithoutTokens(), aws.deliveries(), aws.syncQueue(), Clock.systemUTC()),
                new PublicUrl(aws.config().publicBaseUrl()),
                deadLetters(aws, System.getenv("DEAD_LETTER_QUEUE_URL")),
                System.getenv(ProjectAdmins.CLAIM_VARIABLE));
        aws.gitHubApp().ifPresent(store -> withGitHubAppDeliveries(store, Clock.systemUTC()));
    }

    private HooksHandler(AwsRuntime aws, HookService service, DeliveryService deliveries, PublicUrl publicUrl,
            Optional<DeadLetters> deadLetters, String projectsClaim) {
        this(service, deliveries, publicUrl, deadLetters, projectsClaim);
        aws.gitHubApp().ifPresent(store -> withGitHubApp(store, Clock.systemUTC()));
    }

    public HooksHandler(HookService service, DeliveryService deliveries, PublicUrl publicUrl) {
        this(service, deliveries, publicUrl, Optional.empty());
    }

    /** @param deadLetters the dead-letter queue's contents; without, the dead-letter routes answer 503 */
    public HooksHandler(HookService service, DeliveryService deliveries, PublicUrl publicUrl,
                        Optional<DeadLetters> deadLetters) {
        this(service, deliveries, publicUrl, deadLetters, ProjectAdmins.DEFAULT_CLAIM);
    }

    /**
     * @param projectsClaim the JWT claim that lists the projects a project administrator manages (null or blank:
     *        {@value ProjectAdmins#DEFAULT_CLAIM})
     */
    public HooksHandler(HookService service, DeliveryService deliveries, PublicUrl publicUrl,
                        Optional<DeadLetters> deadLetters, String projectsClaim) {
        this.projectAdmins = new ProjectAdmins(projectsClaim);
        this.service = service;
        this.deliveries = deliveries;
        this.providerDeliveries = new ProviderDeliveryRoutes(service, deliveries,
                new GitHubAppDeliverySource(Optional.empty(), deliveries, Clock.systemUTC()), Clock.systemUTC());
        this.publicUrl = publicUrl;
        this.deadLetters = new DeadLetterRoutes(deadLetters);
        this.providers = new ProviderRoutes(() -> service.validator());
        this.gitHubApp = new GitHubAppRoutes(Optional.empty(), () -> service.validator(), Clock.systemUTC());
    }

    /**
     * Serves the GitHub App routes from {@code store}, whose cipher seals and opens the app's private key.
     *
     * @return this handler
     */
    public HooksHandler withGitHubApp(GitHubAppStore store, Clock clock) {
        this.gitHubApp = new GitHubAppRoutes(Optional.of(store), () -> service.validator(), clock);
        return this;
    }

    /** The service accepting hooks in GitHub App mode, when the stack has the GitHub App table. */
    private static HookService serviceWithGitHubApp(HookService service, AwsRuntime aws) {
        return aws.gitHubApp().map(store -> service.withGitHubApp(new GitHubAppHooks(store, Clock.systemUTC())))
                .orElse(service);
    }

    /** On AWS, "redrive all" starts an SQS message move task. */
    private static Optional<DeadLetters> deadLetters(AwsRuntime aws, String deadLetterQueueUrl) {
        if (deadLetterQueueUrl == null || deadLetterQueueUrl.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new DeadLetters(new SqsDeadLetterQueue(AwsClients.sqs(aws.config()), deadLetterQueueUrl,
                aws.config().syncQueueUrl(), true), aws.hooksWithoutTokens(), aws.deliveries()));
    }

    /** The priming registered for SnapStart; null for a handler built around given services. */
    HooksPriming priming() {
        return priming;
    }

    /** Every route this function serves, as {@code METHOD /template}, in table order. */
    public List<String> routeKeys() {
        return routes.stream().map(route -> route.method() + " " + route.template()).toList();
    }

    /**
     * Reads the GitHub App's webhook log ({@code /github-app/provider-deliveries}, {@code /github-app/catch-up}) with
     * the app in {@code store}, whose cipher opens the app's private key.
     *
     * @return this handler
     */
    public HooksHandler withGitHubAppDeliveries(io.gitbridge.provider.github.app.GitHubAppStore store, Clock clock) {
        this.providerDeliveries = new ProviderDeliveryRoutes(service, deliveries,
                new GitHubAppDeliverySource(Optional.of(store), deliveries, clock), clock);
        return this;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        LogContext.begin(context);
        String path = event.getRawPath() == null ? "" : GitbridgeConfig.withoutTrailingSlash(event.getRawPath());
        String method = HttpApi.method(event);
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.match(path);
            if (parameters.isPresent()) {
                pathKnown = true;
                if (route.method().equals(method)) {
                    return dispatch(route, event, parameters.get());
                }
            }
        }
        return pathKnown
                ? HttpApi.error(405, "method_not_allowed", Bounds.cut(method) + " is not allowed on " + Bounds.cut(path))
                : HttpApi.error(404, "not_found", "no route " + Bounds.cut(method) + " " + Bounds.cut(path));
    }

    /** The one place where this function's exceptions become status codes. */
    private APIGatewayV2HTTPResponse dispatch(Route route, APIGatewayV2HTTPEvent event,
            Map<String, String> parameters) {
        String project = parameters.get("project");
        if (project != null) {
            Optional<APIGatewayV2HTTPResponse> refusal = projectAdmins.refusal(event, project);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getKey().equals("project") && !HookValidator.isProjectName(parameter.getValue())) {
                return ProjectScope.noHook(parameter.getValue());
            }
            if (!Bounds.isId(parameter.getValue())) {
                // No hook or delivery has such an id, and DynamoDB would refuse it as a key.
                return HttpApi.error(404, "not_found", "no " + (parameter.getKey().equals("id") ? "hook"
                        : parameter.getKey().equals("provider") ? "provider" : "delivery")
                        + " " + Bounds.cut(parameter.getValue()));
            }
        }
        LogContext.hook(parameters.get("id"));
        try {
            return route.action().apply(event, parameters);
        } catch (ValidationException e) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("error", "validation");
            ObjectNode fields = body.putObject("fields");
            e.fields().forEach(fields::put);
            return HttpApi.json(422, body);
        } catch (InvalidCursorException e) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("error", "validation");
            body.putObject("fields").put("cursor", e.getMessage());
            return HttpApi.json(422, body);
        } catch (MalformedJsonException | BadRequestException e) {
            return HttpApi.error(400, "bad_request", e.getMessage());
        } catch (PayloadTooLargeException e) {
            return HttpApi.error(413, "payload_too_large", e.getMessage());
        } catch (UnsupportedMediaTypeException e) {
            return HttpApi.error(415, "unsupported_media_type", e.getMessage());
        } catch (ProjectTakenException e) {
            return HttpApi.error(409, "conflict", e.getMessage());
        } catch (NotQueuedException e) {
            return HttpApi.error(409, "not_queued", e.getMessage());
        } catch (QueueUnavailableException e) {
            LOG.log(Level.ERROR, route.method() + " " + route.template() + ": the sync queue refused a request: " + e.getMessage());
            Metrics.get().queueUnavailable("hooks");
            return HttpApi.error(503, "queue_unavailable", "the sync could not be queued; try again later");
        } catch (GitHubAppException.RateLimited e) {
            LOG.log(Level.WARNING, route.method() + " " + route.template() + ": " + e.getMessage());
            return HttpApi.withHeader(HttpApi.error(429, "rate_limited", e.getMessage()), "retry-after",
                    Long.toString(e.retryAfterSeconds()));
        } catch (GitHubAppException.Unavailable e) {
            LOG.log(Level.WARNING, route.method() + " " + route.template() + ": " + e.getMessage());
            return HttpApi.error(502, "provider_unavailable", e.getMessage());
        } catch (RegistrationException.RateLimited e) {
            LOG.log(Level.WARNING, route.method() + " " + route.template() + ": " + e.getMessage());
            return HttpApi.withHeader(HttpApi.error(429, "rate_limited", e.getMessage()), "retry-after",
                    Long.toString(e.retryAfterSeconds()));
        } catch (RegistrationException.ProviderUnavailable e) {
            LOG.log(Level.WARNING, route.method() + " " + route.template() + ": " + e.getMessage());
            return HttpApi.error(502, "provider_unavailable", e.getMessage());
        } catch (RegistrationException e) {
            // The picker and GitHub's delivery log register nothing: there, a refused token is just that.
            boolean picker = route.template().contains("/providers/") || ProviderDeliveryRoutes.reads(route.template());
            return HttpApi.error(422, picker && e instanceof RegistrationException.TokenRejected ? "token_rejected"
                    : "registration", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, route.method() + " " + route.template() + " failed", e);
            return HttpApi.error(500, "internal", "the request failed; see the function's log");
        }
    }

    /** Applies {@code action} to the project's hook; 404 when the project has none. */
    private APIGatewayV2HTTPResponse inProject(String project,
            Function<Hook, APIGatewayV2HTTPResponse> action) {
        return service.findByProject(project).map(hook -> {
            LogContext.hook(hook.id());
            return action.apply(hook);
        }).orElseGet(() -> ProjectScope.noHook(project));
    }

    private APIGatewayV2HTTPResponse createInProject(APIGatewayV2HTTPEvent event, String project) {
        JsonNode body = ProjectScope.body(jsonBody(event), project, project);
        Hook hook = service.create(body, publicUrl.of(event));
        return HttpApi.json(201, HookJson.render(hook, publicUrl.of(event)));
    }

    private APIGatewayV2HTTPResponse updateInProject(APIGatewayV2HTTPEvent event, String project) {
        return inProject(project, hook -> service.update(hook.id(),
                        ProjectScope.body(jsonBody(event), project, hook.project()), publicUrl.of(event))
                .map(updated -> HttpApi.json(200, HookJson.render(updated, publicUrl.of(event))))
                .orElseGet(() -> ProjectScope.noHook(project)));
    }

    private APIGatewayV2HTTPResponse patchInProject(APIGatewayV2HTTPEvent event, String project) {
        return inProject(project, hook -> service.patch(hook.id(),
                        ProjectScope.body(jsonBody(event, MERGE_PATCH), project, null), publicUrl.of(event))
                .map(updated -> HttpApi.json(200, HookJson.render(updated, publicUrl.of(event))))
                .orElseGet(() -> ProjectScope.noHook(project)));
    }

    private APIGatewayV2HTTPResponse listDeadLetters(APIGatewayV2HTTPEvent event) {
        return deadLetters.list(event);
    }

    private APIGatewayV2HTTPResponse redriveDeadLetters(APIGatewayV2HTTPEvent event) {
        return deadLetters.redrive(event);
    }

    private APIGatewayV2HTTPResponse listRepositories(APIGatewayV2HTTPEvent event, String provider) {
        return providers.repositories(provider, () -> jsonBody(event));
    }

    private APIGatewayV2HTTPResponse listBranches(APIGatewayV2HTTPEvent event, String provider) {
        return providers.branches(provider, () -> jsonBody(event));
    }

    private APIGatewayV2HTTPResponse gitHubAppRegistrationLink(APIGatewayV2HTTPEvent event) {
        return gitHubApp.registrationLink(event, publicUrl.of(event));
    }

    private APIGatewayV2HTTPResponse putGitHubApp(APIGatewayV2HTTPEvent event) {
        return gitHubApp.put(() -> jsonBody(event), publicUrl.of(event));
    }

    private APIGatewayV2HTTPResponse getGitHubApp(APIGatewayV2HTTPEvent event) {
        return gitHubApp.get(publicUrl.of(event));
    }

    private APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        Hook hook = service.create(jsonBody(event), publicUrl.of(event));
        return HttpApi.json(201, HookJson.render(hook, publicUrl.of(event)));
    }

    private APIGatewayV2HTTPResponse get(APIGatewayV2HTTPEvent event, String id) {
        return service.get(id)
                .map(hook -> HttpApi.json(200, HookJson.render(hook, publicUrl.of(event))))
                .orElseGet(() -> notFound(id));
    }

    private APIGatewayV2HTTPResponse update(APIGatewayV2HTTPEvent event, String id) {
        return service.update(id, jsonBody(event), publicUrl.of(event))
                .map(hook -> HttpApi.json(200, HookJson.render(hook, publicUrl.of(event))))
                .orElseGet(() -> notFound(id));
    }

    private APIGatewayV2HTTPResponse patch(APIGatewayV2HTTPEvent event, String id) {
        return service.patch(id, jsonBody(event, MERGE_PATCH), publicUrl.of(event))
                .map(hook -> HttpApi.json(200, HookJson.render(hook, publicUrl.of(event))))
                .orElseGet(() -> notFound(id));
    }

    /** The hook, the generated secret (only then, once) and until when the previous secret is accepted. */
    private APIGatewayV2HTTPResponse rotateSecret(APIGatewayV2HTTPEvent event, String id) {
        return service.rotateSecret(id, jsonBody(event), publicUrl.of(event))
                .map(rotated -> {
                    ObjectNode body = Json.MAPPER.createObjectNode();
                    body.set("hook", HookJson.render(rotated.hook(), publicUrl.of(event)));
                    rotated.generatedSecret().ifPresent(secret -> body.put("secret", secret));
                    SecretRotation rotation = rotated.hook().secretRotation();
                    if (rotation == null) {
                        body.putNull("previousSecretValidUntil");
                    } else {
                        body.put("previousSecretValidUntil", rotation.previousValidUntil().toString());
                    }
                    return HttpApi.json(200, body);
                })
                .orElseGet(() -> notFound(id));
    }

    private APIGatewayV2HTTPResponse delete(APIGatewayV2HTTPEvent event, String id) {
        String unregister = HttpApi.queryParameter(event, "unregister").orElse("true");
        if (!unregister.equals("true") && !unregister.equals("false")) {
            throw new ValidationException(Map.of("unregister", "must be true or false"));
        }
        return service.delete(id, Boolean.parseBoolean(unregister)) ? HttpApi.empty(204) : notFound(id);
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        Page<Hook> page = service.list(HttpApi.queryParameter(event, "limit").orElse(null),
                HttpApi.queryParameter(event, "cursor").orElse(null));
        String base = publicUrl.of(event);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode hooks = body.putObject("_embedded").putArray("hooks");
        page.items().forEach(hook -> hooks.add(HookJson.render(hook, base)));
        ObjectNode pageNode = body.putObject("page").put("size", page.items().size());
        if (page.next() == null) {
            pageNode.putNull("next");
        } else {
            pageNode.put("next", page.next());
        }
        return HttpApi.json(200, body);
    }

    private APIGatewayV2HTTPResponse listDeliveries(APIGatewayV2HTTPEvent event, String id) {
        return deliveries.list(id, HttpApi.queryParameter(event, "limit").orElse(null),
                        HttpApi.queryParameter(event, "cursor").orElse(null))
                .map(page -> {
                    ObjectNode body = Json.MAPPER.createObjectNode();
                    ArrayNode items = body.putObject("_embedded").putArray("deliveries");
                    page.items().forEach(delivery -> items.add(DeliveryJson.render(delivery)));
                    body.set("page", pageNode(page));
                    return HttpApi.json(200, body);
                })
                .orElseGet(() -> notFound(id));
    }

    private APIGatewayV2HTTPResponse getDelivery(String id, String deliveryId) {
        return deliveries.find(id, deliveryId).map(delivery -> HttpApi.json(200, DeliveryJson.render(delivery)))
                .orElseGet(() -> noDelivery(id, deliveryId));
    }

    private APIGatewayV2HTTPResponse syncNow(String id) {
        return deliveries.syncNow(id).map(HooksHandler::queued).orElseGet(() -> notFound(id));
    }

    private APIGatewayV2HTTPResponse redeliver(String id, String deliveryId) {
        return deliveries.redeliver(id, deliveryId).map(HooksHandler::queued)
                .orElseGet(() -> noDelivery(id, deliveryId));
    }

    private APIGatewayV2HTTPResponse listProviderDeliveries(APIGatewayV2HTTPEvent event, String id) {
        return providerDeliveries.list(event, id);
    }

    private APIGatewayV2HTTPResponse redeliverProviderDelivery(String id, String deliveryId) {
        return providerDeliveries.redeliver(id, deliveryId);
    }

    private APIGatewayV2HTTPResponse catchUp(APIGatewayV2HTTPEvent event, String id) {
        return providerDeliveries.catchUp(event, id);
    }

    private static APIGatewayV2HTTPResponse noDelivery(String id, String deliveryId) {
        return HttpApi.error(404, "not_found", "no delivery " + Bounds.cut(deliveryId) + " on hook " + Bounds.cut(id));
    }

    private static APIGatewayV2HTTPResponse queued(Delivery delivery) {
        return HttpApi.json(202, Json.MAPPER.createObjectNode().put("status", "queued")
                .put("deliveryId", delivery.deliveryId()).put("commit", delivery.commit()));
    }

    private static ObjectNode pageNode(Page<?> page) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("size", page.items().size());
        return page.next() == null ? node.putNull("next") : node.put("next", page.next());
    }

    private static APIGatewayV2HTTPResponse notFound(String id) {
        return HttpApi.error(404, "not_found", "no hook " + Bounds.cut(id));
    }

    /** {@code 1e999999} parses as infinity, which would then read as the text {@code "Infinity"}: refused. */
    private static void requireFinite(JsonNode node) {
        if (node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
            throw new MalformedJsonException("body holds a number too large to represent", null);
        }
        node.elements().forEachRemaining(HooksHandler::requireFinite);
    }

    private static JsonNode jsonBody(APIGatewayV2HTTPEvent event) {
        return jsonBody(event, "application/json");
    }

    private static JsonNode jsonBody(APIGatewayV2HTTPEvent event, String mediaType) {
        HttpApi.requireMediaType(event, mediaType);
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(HttpApi.body(event, MAX_BODY_BYTES))).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("body is not valid UTF-8", e);
        }
        JsonNode node;
        try {
            // Trailing content after the object is refused: what else the sender meant is a guess.
            node = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("body is not valid JSON: " + Bounds.reason(e.getOriginalMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedJsonException("body must be a JSON object", null);
        }
        requireFinite(node);
        return node;
    }
}
