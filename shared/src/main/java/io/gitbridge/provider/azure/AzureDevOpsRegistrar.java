package io.gitbridge.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ProviderApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service hook subscriptions (Web Hooks consumer) through the Azure DevOps REST API
 * ({@code https://dev.azure.com/<org>}): one subscription per event type, {@code git.push} filtered to the repository
 * and branch, {@code build.complete} filtered to succeeded builds of the project. Each subscription sends the hook's
 * secret as the HTTP Basic password, which is how {@link AzureDevOpsProvider} verifies deliveries. The provider hook id
 * is the subscription ids joined by commas.
 */
public final class AzureDevOpsRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "the Service Hooks (Read & write) and Code (Read) scopes (Build (Read) too for"
            + " CI) and the Edit subscriptions permission on " + ProviderApi.REPOSITORY;
    static final String API_VERSION = "api-version=7.1";
    static final String BASIC_AUTH_USERNAME = "gitbridge";
    private static final String CLOUD = "dev.azure.com";
    private static final String LEGACY_CLOUD_SUFFIX = ".visualstudio.com";
    private static final String GIT = "_git";
    private static final ProviderApi API = new ProviderApi("Azure DevOps", TOKEN_ADVICE,
            token -> "Basic " + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8)),
            Map.of());
    private static final String RESOLVE = "look up the repository";
    private static final String CREATE = "create the service hook subscription";
    private static final String READ = "read the service hook subscription";
    private static final String UPDATE = "update the service hook subscription";
    private static final String DELETE = "delete the service hook subscription";

    /**
     * {@inheritDoc} Accepts {@code https://dev.azure.com/<org>/<project>/_git/<repo>},
     * {@code https://<org>.visualstudio.com/[DefaultCollection/]<project>/_git/<repo>} (whose API is
     * {@code https://dev.azure.com/<org>}) and Azure DevOps Server's {@code https://<host>/<collection>/<project>/_git/<repo>}.
     */
    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        List<String> path = url.segments();
        int git = path.indexOf(GIT);
        if (git < 1 || path.size() != git + 2) {
            throw new IllegalArgumentException("must be https://dev.azure.com/<organization>/<project>/_git/<repository>"
                    + " to register a service hook on Azure DevOps");
        }
        String repository = path.get(git + 1);
        String apiBase;
        String project;
        if (url.host().equals(CLOUD)) {
            if (git > 2) {
                throw new IllegalArgumentException("must be https://dev.azure.com/<organization>/<project>/_git/"
                        + "<repository> to register a service hook on Azure DevOps");
            }
            // https://dev.azure.com/<org>/_git/<repo> names a repository called like its project.
            project = git == 1 ? repository : path.get(git - 1);
            apiBase = "https://" + CLOUD + "/" + ProviderApi.encode(path.get(0));
        } else if (url.host().endsWith(LEGACY_CLOUD_SUFFIX)) {
            project = path.get(git - 1);
            String organization = url.host().substring(0, url.host().length() - LEGACY_CLOUD_SUFFIX.length());
            apiBase = "https://" + CLOUD + "/" + ProviderApi.encode(organization);
        } else {
            project = path.get(git - 1);
            apiBase = url.origin() + CloneUrl.path(path.subList(0, git - 1));
        }
        return new RepositoryLocation(apiUrl != null ? apiUrl : apiBase, project, repository);
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session azure = session(request);
        Repository repository = resolve(azure);
        List<String> created = new ArrayList<>();
        try {
            for (AzureDevOpsEvent event : wanted(request)) {
                created.add(create(azure, repository, event, request));
            }
        } catch (RegistrationException e) {
            deleteQuietly(azure, created);
            throw e;
        }
        return String.join(",", created);
    }

    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        ProviderApi.Session azure = session(request);
        Repository repository = resolve(azure);
        Map<String, String> existing = new LinkedHashMap<>();
        for (String id : ids(providerHookId)) {
            azure.sendUnlessGone("GET", subscriptionUrl(azure.location(), id), null, READ)
                    .ifPresent(subscription -> existing.putIfAbsent(subscription.path("eventType").asText(""), id));
        }
        List<String> kept = new ArrayList<>();
        List<String> created = new ArrayList<>();
        try {
            for (AzureDevOpsEvent event : wanted(request)) {
                String id = existing.remove(event.wire());
                if (id != null && azure.sendUnlessGone("PUT", subscriptionUrl(azure.location(), id),
                        subscription(repository, event, request), UPDATE).isPresent()) {
                    kept.add(id);
                } else {
                    String newId = create(azure, repository, event, request);
                    created.add(newId);
                    kept.add(newId);
                }
            }
        } catch (RegistrationException e) {
            deleteQuietly(azure, created);
            throw e;
        }
        for (String unwanted : existing.values()) {
            azure.sendUnlessGone("DELETE", subscriptionUrl(azure.location(), unwanted), null, DELETE);
        }
        return String.join(",", kept);
    }

    @Override
    public void unregister(String providerHookId, RepositoryLocation location, String token) {
        ProviderApi.Session azure = API.session(location, token, null);
        for (String id : ids(providerHookId)) {
            azure.sendUnlessGone("DELETE", subscriptionUrl(location, id), null, DELETE);
        }
    }

    /** The repository's and its project's ids, which subscriptions are filtered by. */
    private record Repository(String id, String projectId) {
    }

    private static ProviderApi.Session session(RegistrationRequest request) {
        return API.session(request.location(), request.token(), request.secret());
    }

    private static Repository resolve(ProviderApi.Session azure) {
        RepositoryLocation location = azure.location();
        String url = location.apiBase() + "/" + ProviderApi.encode(location.owner()) + "/_apis/git/repositories/"
                + ProviderApi.encode(location.name()) + "?" + API_VERSION;
        JsonNode repository = azure.send("GET", url, null, RESOLVE);
        return new Repository(azure.id(repository, "id", RESOLVE), azure.id(repository.path("project"), "id", RESOLVE));
    }

    private static String create(ProviderApi.Session azure, Repository repository, AzureDevOpsEvent event,
            RegistrationRequest request) {
        String url = azure.location().apiBase() + "/_apis/hooks/subscriptions?" + API_VERSION;
        return azure.id(azure.send("POST", url, subscription(repository, event, request), CREATE), "id", CREATE);
    }

    private static void deleteQuietly(ProviderApi.Session azure, List<String> ids) {
        for (String id : ids) {
            try {
                azure.sendUnlessGone("DELETE", subscriptionUrl(azure.location(), id), null, DELETE);
            } catch (RegistrationException e) {
                System.getLogger(AzureDevOpsRegistrar.class.getName()).log(System.Logger.Level.WARNING,
                        "could not remove subscription " + id + " after a failed registration: " + e.getMessage());
            }
        }
    }

    private static String subscriptionUrl(RepositoryLocation location, String id) {
        return location.apiBase() + "/_apis/hooks/subscriptions/" + ProviderApi.encode(id) + "?" + API_VERSION;
    }

    private static List<AzureDevOpsEvent> wanted(RegistrationRequest request) {
        List<AzureDevOpsEvent> events = new ArrayList<>();
        if (request.events().push()) {
            events.add(AzureDevOpsEvent.GIT_PUSH);
        }
        if (request.events().ci()) {
            events.add(AzureDevOpsEvent.BUILD_COMPLETE);
        }
        return events;
    }

    private static List<String> ids(String providerHookId) {
        return Arrays.stream(providerHookId.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
    }

    private static ObjectNode subscription(Repository repository, AzureDevOpsEvent event, RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("publisherId", "tfs")
                .put("eventType", event.wire())
                .put("resourceVersion", "1.0")
                .put("consumerId", "webHooks")
                .put("consumerActionId", "httpRequest");
        ObjectNode publisher = body.putObject("publisherInputs").put("projectId", repository.projectId());
        switch (event) {
            case GIT_PUSH -> publisher.put("repository", repository.id()).put("branch", GitRefs.branchRef(request.branch()));
            case BUILD_COMPLETE -> publisher.put("buildStatus", "Succeeded");
        }
        body.putObject("consumerInputs")
                .put("url", request.webhookUrl())
                .put("basicAuthUsername", BASIC_AUTH_USERNAME)
                .put("basicAuthPassword", request.secret())
                .put("resourceDetailsToSend", "all")
                .put("messagesToSend", "none")
                .put("detailedMessagesToSend", "none")
                .put("acceptUntrustedCerts", "false");
        return body;
    }
}
