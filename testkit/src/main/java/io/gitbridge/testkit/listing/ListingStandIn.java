package io.gitbridge.testkit.listing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.testkit.http.StandInServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One provider's listing API as a stand-in serves it: the answers to script, the requests a listing must send for two
 * pages of repositories and two pages of branches (method, raw path and query, in order), the {@code Authorization}
 * header they must carry, and what the pages must hold. Stand-ins are built from the providers' documented request and
 * answer shapes (docs/providers.md and each listing's Javadoc).
 *
 * @param provider the provider's id, e.g. {@code github}
 * @param apiPath the API base's path on the stand-in, e.g. {@code /api/v3}: the API base is the stand-in's URL plus it
 * @param authorization the {@code Authorization} header for {@link #TOKEN}
 * @param repository the repository whose branches are listed, as the listing names it
 * @param repositoryCalls every request listing both pages of repositories sends, in order
 * @param branchCalls every request listing both pages of branches sends, in order
 * @param repositoryPages what each page of repositories holds
 * @param branchPages the branch names each page holds
 * @param script scripts the stand-in's answers
 */
public record ListingStandIn(String provider, String apiPath, String authorization, String repository,
        List<String> repositoryCalls, List<String> branchCalls, List<List<Repository>> repositoryPages,
        List<List<String>> branchPages, Consumer<StandInServer> script) {

    /** The token every stand-in expects. */
    public static final String TOKEN = "tkn_picker_5c1d2e3f4a5b6c7d8e9f";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A repository as a listing must give it.
     *
     * @param canManageHooks null when the provider does not say
     */
    public record Repository(String fullName, String cloneUrl, String defaultBranch, boolean isPrivate,
            Boolean canManageHooks) {
    }

    /** Scripts the stand-in's answers. */
    public void scriptOn(StandInServer server) {
        script.accept(server);
    }

    /** The API base URL on {@code server}. */
    public String apiBase(StandInServer server) {
        return server.url() + apiPath;
    }

    /** Every provider's stand-in. */
    public static List<ListingStandIn> all() {
        return List.of(github(), gitlab(), bitbucket(), bitbucketServer(), azureDevOps(), gitea(), gogs(), gitflic());
    }

    /** The stand-in of {@code provider}. */
    public static ListingStandIn of(String provider) {
        return all().stream().filter(standIn -> standIn.provider().equals(provider)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listing stand-in for " + provider));
    }

    @Override
    public String toString() {
        return provider;
    }

    private static final List<String> BRANCHES_1 = List.of("main", "develop");
    private static final List<String> BRANCHES_2 = List.of("feature/x");

    /** GitHub: {@code /user/repos} and {@code /repos/{o}/{r}/branches}, {@code Link} rel next. */
    public static ListingStandIn github() {
        String repos = "GET /api/v3/user/repos?sort=full_name&per_page=30&page=";
        String branches = "GET /api/v3/repos/acme/app/branches?per_page=30&page=";
        List<Repository> page1 = List.of(
                new Repository("acme/app", "https://github.com/acme/app.git", "main", true, true),
                new Repository("acme/lib", "https://github.com/acme/lib.git", "trunk", false, false));
        List<Repository> page2 = List.of(new Repository("acme/web", "https://github.com/acme/web.git", "main", true,
                null));
        return new ListingStandIn("github", "/api/v3", "Bearer " + TOKEN, "acme/app",
                List.of(repos + 1, repos + 2), List.of(branches + 1, branches + 2), List.of(page1, page2),
                List.of(BRANCHES_1, BRANCHES_2), server -> {
                    String next = "<" + server.url() + "/api/v3/user/repos?page=2>; rel=\"next\", <" + server.url()
                            + "/api/v3/user/repos?page=2>; rel=\"last\"";
                    String previous = "<" + server.url() + "/api/v3/user/repos?page=1>; rel=\"prev\", <" + server.url()
                            + "/api/v3/user/repos?page=1>; rel=\"first\"";
                    on(server, repos + 1, githubRepos(page1), Map.of("Link", next));
                    on(server, repos + 2, githubRepos(page2), Map.of("Link", previous));
                    on(server, branches + 1, names(BRANCHES_1, "name"), Map.of("Link", next));
                    on(server, branches + 2, names(BRANCHES_2, "name"), Map.of());
                });
    }

    /** GitLab: {@code /projects?membership=true} and {@code /projects/:id/repository/branches}, {@code X-Next-Page}. */
    public static ListingStandIn gitlab() {
        String repos = "GET /api/v4/projects?membership=true&order_by=path&sort=asc&per_page=30&page=";
        String branches = "GET /api/v4/projects/group%2Fsub%2Fapp/repository/branches?per_page=30&page=";
        List<Repository> page1 = List.of(
                new Repository("group/sub/app", "https://gitlab.example.com/group/sub/app.git", "main", true, true),
                new Repository("group/lib", "https://gitlab.example.com/group/lib.git", "master", false, false));
        List<Repository> page2 = List.of(new Repository("group/web", "https://gitlab.example.com/group/web.git", null,
                true, null));
        return new ListingStandIn("gitlab", "/api/v4", "Bearer " + TOKEN, "group/sub/app",
                List.of(repos + 1, repos + 2), List.of(branches + 1, branches + 2), List.of(page1, page2),
                List.of(BRANCHES_1, BRANCHES_2), server -> {
                    ArrayNode first = JSON.createArrayNode();
                    first.addObject().put("path_with_namespace", "group/sub/app").put("http_url_to_repo",
                            page1.get(0).cloneUrl()).put("default_branch", "main").put("visibility", "private")
                            .putObject("permissions").putNull("group_access").putObject("project_access")
                            .put("access_level", 40);
                    first.addObject().put("path_with_namespace", "group/lib").put("http_url_to_repo",
                            page1.get(1).cloneUrl()).put("default_branch", "master").put("visibility", "public")
                            .putObject("permissions").putNull("project_access").putObject("group_access")
                            .put("access_level", 30);
                    ArrayNode second = JSON.createArrayNode();
                    second.addObject().put("path_with_namespace", "group/web").put("http_url_to_repo",
                            page2.get(0).cloneUrl()).putNull("default_branch").put("visibility", "internal");
                    on(server, repos + 1, first.toString(), Map.of("X-Next-Page", "2", "X-Page", "1"));
                    on(server, repos + 2, second.toString(), Map.of("X-Next-Page", "", "X-Page", "2"));
                    on(server, branches + 1, names(BRANCHES_1, "name"), Map.of("X-Next-Page", "2"));
                    on(server, branches + 2, names(BRANCHES_2, "name"), Map.of("X-Next-Page", ""));
                });
    }

    /** Bitbucket Cloud: {@code /repositories?role=member}, its permissions call per page, {@code next} links. */
    public static ListingStandIn bitbucket() {
        String repos = "GET /2.0/repositories?role=member&sort=full_name&pagelen=30&page=";
        String admin = "GET /2.0/user/permissions/repositories?q=permission%3D%22admin%22&pagelen=100";
        String branches = "GET /2.0/repositories/ws/app/refs/branches?pagelen=30&page=";
        List<Repository> page1 = List.of(
                new Repository("ws/app", "https://bitbucket.org/ws/app.git", "main", true, true),
                new Repository("ws/lib", "https://bitbucket.org/ws/lib.git", "master", false, false));
        List<Repository> page2 = List.of(new Repository("ws/web", "https://bitbucket.org/ws/web.git", "main", true,
                false));
        return new ListingStandIn("bitbucket", "/2.0", "Bearer " + TOKEN, "ws/app",
                List.of(repos + 1, admin, repos + 2, admin), List.of(branches + 1, branches + 2),
                List.of(page1, page2), List.of(BRANCHES_1, BRANCHES_2), server -> {
                    on(server, repos + 1, bitbucketRepos(page1, server.url() + "/2.0/repositories?page=2"), Map.of());
                    on(server, repos + 2, bitbucketRepos(page2, null), Map.of());
                    ObjectNode permissions = JSON.createObjectNode();
                    ObjectNode permission = permissions.putArray("values").addObject().put("permission", "admin");
                    permission.putObject("repository").put("full_name", "ws/app");
                    permissions.put("pagelen", 100);
                    on(server, admin, permissions.toString(), Map.of());
                    ObjectNode first = JSON.createObjectNode();
                    first.set("values", JSON.valueToTree(BRANCHES_1.stream().map(name -> Map.of("name", name,
                            "type", "branch")).toList()));
                    first.put("next", server.url() + "/2.0/repositories/ws/app/refs/branches?page=2");
                    ObjectNode second = JSON.createObjectNode();
                    second.set("values", JSON.valueToTree(BRANCHES_2.stream().map(name -> Map.of("name", name,
                            "type", "branch")).toList()));
                    on(server, branches + 1, first.toString(), Map.of());
                    on(server, branches + 2, second.toString(), Map.of());
                });
    }

    /** Bitbucket Data Center: {@code /repos}, {@code /repos?permission=REPO_ADMIN}, {@code start}/{@code limit}. */
    public static ListingStandIn bitbucketServer() {
        String repos = "GET /rest/api/1.0/repos?start=";
        String admin = "GET /rest/api/1.0/repos?permission=REPO_ADMIN&limit=1000";
        String branches = "GET /rest/api/1.0/projects/PROJ/repos/app/branches?start=";
        List<Repository> page1 = List.of(
                new Repository("PROJ/app", "https://bitbucket.example.com/scm/proj/app.git", "main", true, true),
                new Repository("PROJ/lib", "https://bitbucket.example.com/scm/proj/lib.git", null, false, false));
        List<Repository> page2 = List.of(new Repository("PROJ/web", "https://bitbucket.example.com/scm/proj/web.git",
                null, true, false));
        return new ListingStandIn("bitbucket-server", "/rest/api/1.0", "Bearer " + TOKEN, "PROJ/app",
                List.of(repos + "0&limit=30", admin, repos + "2&limit=30", admin),
                List.of(branches + "0&limit=30", branches + "2&limit=30"), List.of(page1, page2),
                List.of(BRANCHES_1, BRANCHES_2), server -> {
                    on(server, repos + "0&limit=30", serverPage(serverRepos(page1), 2), Map.of());
                    on(server, repos + "2&limit=30", serverPage(serverRepos(page2), null), Map.of());
                    on(server, admin, serverPage(serverRepos(page1.subList(0, 1)), null), Map.of());
                    on(server, branches + "0&limit=30", serverPage(serverBranches(BRANCHES_1), 2), Map.of());
                    on(server, branches + "2&limit=30", serverPage(serverBranches(BRANCHES_2), null), Map.of());
                });
    }

    /**
     * Azure DevOps: {@code _apis/git/repositories} answers all 31 at once (gitbridge pages it), refs page with the
     * {@code x-ms-continuationtoken} header.
     */
    public static ListingStandIn azureDevOps() {
        String repos = "GET /acme-org/_apis/git/repositories?api-version=7.1";
        String branches = "GET /acme-org/proj/_apis/git/repositories/app/refs?filter=heads%2F&%24top=30";
        List<Repository> all = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            String name = String.format("repo%02d", i);
            all.add(new Repository("proj/" + name, "https://dev.azure.com/acme-org/proj/_git/" + name, "main",
                    i % 2 == 0, null));
        }
        return new ListingStandIn("azure-devops", "/acme-org",
                "Basic " + Base64.getEncoder().encodeToString((":" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                "proj/app", List.of(repos, repos),
                List.of(branches + "&api-version=7.1", branches + "&continuationToken=ct%2B2&api-version=7.1"),
                List.of(all.subList(0, 30), all.subList(30, 31)), List.of(BRANCHES_1, BRANCHES_2), server -> {
                    ObjectNode answer = JSON.createObjectNode().put("count", all.size());
                    ArrayNode value = answer.putArray("value");
                    for (Repository repository : all) {
                        String name = repository.fullName().substring("proj/".length());
                        ObjectNode item = value.addObject().put("id", "id-" + name).put("name", name)
                                .put("remoteUrl", "https://acme-org@dev.azure.com/acme-org/proj/_git/" + name)
                                .put("defaultBranch", "refs/heads/main");
                        item.putObject("project").put("name", "proj")
                                .put("visibility", repository.isPrivate() ? "private" : "public");
                    }
                    on(server, repos, answer.toString(), Map.of());
                    on(server, branches + "&api-version=7.1", azureRefs(BRANCHES_1),
                            Map.of("x-ms-continuationtoken", "ct+2"));
                    on(server, branches + "&continuationToken=ct%2B2&api-version=7.1", azureRefs(BRANCHES_2), Map.of());
                });
    }

    /** Gitea and Forgejo: {@code /user/repos} and {@code /repos/{o}/{r}/branches}, {@code page}/{@code limit}. */
    public static ListingStandIn gitea() {
        String repos = "GET /api/v1/user/repos?page=";
        String branches = "GET /api/v1/repos/acme/app/branches?page=";
        List<Repository> page1 = List.of(
                new Repository("acme/app", "https://gitea.example.com/acme/app.git", "main", true, true),
                new Repository("acme/lib", "https://gitea.example.com/acme/lib.git", "main", false, false));
        List<Repository> page2 = List.of(new Repository("acme/web", "https://gitea.example.com/acme/web.git", "main",
                true, null));
        return new ListingStandIn("gitea", "/api/v1", "token " + TOKEN, "acme/app",
                List.of(repos + "1&limit=30", repos + "2&limit=30"),
                List.of(branches + "1&limit=30", branches + "2&limit=30"), List.of(page1, page2),
                List.of(BRANCHES_1, BRANCHES_2), server -> {
                    String next = "<" + server.url() + "/api/v1/user/repos?limit=30&page=2>; rel=\"next\",<"
                            + server.url() + "/api/v1/user/repos?limit=30&page=2>; rel=\"last\"";
                    on(server, repos + "1&limit=30", githubRepos(page1), Map.of("Link", next, "X-Total-Count", "3"));
                    on(server, repos + "2&limit=30", githubRepos(page2), Map.of("X-Total-Count", "3"));
                    on(server, branches + "1&limit=30", names(BRANCHES_1, "name"), Map.of("Link", next));
                    on(server, branches + "2&limit=30", names(BRANCHES_2, "name"), Map.of());
                });
    }

    /** Gogs: {@code /user/repos} and {@code /repos/{o}/{r}/branches} answer all at once: 31 of each, paged by gitbridge. */
    public static ListingStandIn gogs() {
        String repos = "GET /api/v1/user/repos";
        String branches = "GET /api/v1/repos/acme/app/branches";
        List<Repository> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            String name = String.format("repo%02d", i);
            all.add(new Repository("acme/" + name, "https://gogs.example.com/acme/" + name + ".git", "master",
                    i % 2 == 1, i % 3 == 0));
            names.add(String.format("branch%02d", i));
        }
        return new ListingStandIn("gogs", "/api/v1", "token " + TOKEN, "acme/app", List.of(repos, repos),
                List.of(branches, branches), List.of(all.subList(0, 30), all.subList(30, 31)),
                List.of(names.subList(0, 30), names.subList(30, 31)), server -> {
                    on(server, repos, githubRepos(all), Map.of());
                    on(server, branches, names(names, "name"), Map.of());
                });
    }

    /** GitFlic: {@code /project/my} and {@code /project/{o}/{p}/branch}, {@code page} from 0 and {@code size}. */
    public static ListingStandIn gitflic() {
        String repos = "GET /rest-api/project/my?page=";
        String branches = "GET /rest-api/project/acme/app/branch?page=";
        List<Repository> page1 = List.of(
                new Repository("acme/app", "https://gitflic.example.com/project/acme/app.git", "master", true, null),
                new Repository("acme/lib", "https://gitflic.example.com/project/acme/lib.git", "main", false, null));
        List<Repository> page2 = List.of(new Repository("acme/web", "https://gitflic.example.com/project/acme/web.git",
                "master", true, null));
        return new ListingStandIn("gitflic", "/rest-api", "token " + TOKEN, "acme/app",
                List.of(repos + "0&size=30", repos + "1&size=30"), List.of(branches + "0&size=30", branches + "1&size=30"),
                List.of(page1, page2), List.of(BRANCHES_1, BRANCHES_2), server -> {
                    on(server, repos + "0&size=30", gitflicPage("projectList", gitflicProjects(page1), 0), Map.of());
                    on(server, repos + "1&size=30", gitflicPage("projectList", gitflicProjects(page2), 1), Map.of());
                    on(server, branches + "0&size=30", gitflicPage("branchList",
                            nameArray(BRANCHES_1, "name"), 0), Map.of());
                    on(server, branches + "1&size=30", gitflicPage("branchList",
                            nameArray(BRANCHES_2, "name"), 1), Map.of());
                });
    }

    private static void on(StandInServer server, String call, String body, Map<String, String> headers) {
        int space = call.indexOf(' ');
        server.on(call.substring(0, space), call.substring(space + 1), 200, body, headers);
    }

    private static String names(List<String> names, String field) {
        return nameArray(names, field).toString();
    }

    private static ArrayNode nameArray(List<String> names, String field) {
        ArrayNode array = JSON.createArrayNode();
        names.forEach(name -> array.addObject().put(field, name));
        return array;
    }

    /** The GitHub repository shape, which Gitea and Gogs share. */
    private static String githubRepos(List<Repository> repositories) {
        ArrayNode array = JSON.createArrayNode();
        for (Repository repository : repositories) {
            ObjectNode item = array.addObject().put("id", repository.fullName().hashCode())
                    .put("full_name", repository.fullName()).put("clone_url", repository.cloneUrl())
                    .put("default_branch", repository.defaultBranch()).put("private", repository.isPrivate());
            if (repository.canManageHooks() != null) {
                item.putObject("permissions").put("admin", repository.canManageHooks()).put("push", true)
                        .put("pull", true);
            }
        }
        return array.toString();
    }

    private static String bitbucketRepos(List<Repository> repositories, String next) {
        ObjectNode page = JSON.createObjectNode().put("pagelen", 30);
        ArrayNode values = page.putArray("values");
        for (Repository repository : repositories) {
            ObjectNode item = values.addObject().put("full_name", repository.fullName())
                    .put("is_private", repository.isPrivate());
            item.putObject("mainbranch").put("name", repository.defaultBranch()).put("type", "branch");
            ArrayNode clone = item.putObject("links").putArray("clone");
            clone.addObject().put("name", "https").put("href", repository.cloneUrl()
                    .replace("https://", "https://alice@"));
            clone.addObject().put("name", "ssh").put("href", "git@bitbucket.org:" + repository.fullName() + ".git");
        }
        if (next != null) {
            page.put("next", next);
        }
        return page.toString();
    }

    private static ArrayNode serverRepos(List<Repository> repositories) {
        ArrayNode values = JSON.createArrayNode();
        for (Repository repository : repositories) {
            String[] parts = repository.fullName().split("/");
            ObjectNode item = values.addObject().put("slug", parts[1]).put("name", parts[1])
                    .put("public", !repository.isPrivate());
            if (repository.defaultBranch() != null) {
                item.put("defaultBranch", "refs/heads/" + repository.defaultBranch());
            }
            item.putObject("project").put("key", parts[0]);
            ArrayNode clone = item.putObject("links").putArray("clone");
            clone.addObject().put("name", "ssh").put("href", "ssh://git@bitbucket.example.com:7999/proj/" + parts[1]
                    + ".git");
            clone.addObject().put("name", "http").put("href", repository.cloneUrl()
                    .replace("https://", "https://alice@"));
        }
        return values;
    }

    private static ArrayNode serverBranches(List<String> names) {
        ArrayNode values = JSON.createArrayNode();
        names.forEach(name -> values.addObject().put("id", "refs/heads/" + name).put("displayId", name)
                .put("type", "BRANCH"));
        return values;
    }

    private static String serverPage(ArrayNode values, Integer nextPageStart) {
        ObjectNode page = JSON.createObjectNode().put("size", values.size()).put("limit", 30)
                .put("isLastPage", nextPageStart == null).put("start", 0);
        page.set("values", values);
        if (nextPageStart != null) {
            page.put("nextPageStart", nextPageStart);
        }
        return page.toString();
    }

    private static String azureRefs(List<String> names) {
        ObjectNode answer = JSON.createObjectNode().put("count", names.size());
        ArrayNode value = answer.putArray("value");
        names.forEach(name -> value.addObject().put("name", "refs/heads/" + name).put("objectId", "0".repeat(40)));
        return answer.toString();
    }

    private static ArrayNode gitflicProjects(List<Repository> repositories) {
        ArrayNode list = JSON.createArrayNode();
        for (Repository repository : repositories) {
            String[] parts = repository.fullName().split("/");
            ObjectNode item = list.addObject().put("id", "id-" + parts[1]).put("title", parts[1]).put("alias", parts[1])
                    .put("defaultBranch", repository.defaultBranch())
                    .put("httpTransportUrl", repository.cloneUrl()).put("private", repository.isPrivate());
            item.putObject("owner").put("alias", parts[0]).put("type", "USER");
        }
        return list;
    }

    private static String gitflicPage(String listName, com.fasterxml.jackson.databind.JsonNode items, int number) {
        ObjectNode page = JSON.createObjectNode();
        page.putObject("_embedded").set(listName, items);
        page.putObject("page").put("size", 30).put("totalElements", 3).put("totalPages", 2).put("number", number);
        return page.toString();
    }
}
