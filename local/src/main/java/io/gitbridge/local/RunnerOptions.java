package io.gitbridge.local;

import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of the local runner.
 *
 * @param port the HTTP port on 127.0.0.1 (0 picks a free one)
 * @param dataDir where DynamoDB Local keeps its data and the sync keeps its git caches
 * @param awsEndpoint an existing AWS-compatible endpoint to use instead of the embedded services
 * @param publicUrl the base URL providers reach this runner at, when it sits behind a tunnel
 * @param urlPolicy which URL rules hooks and syncs follow: {@code local} (default) or {@code deployed}
 * @param allowedNetworks the exceptions to the deployed rules, as the template's AllowedPrivateNetworks
 * @param jwt how the project routes check JWTs, as the template's JWT authorizer
 */
public record RunnerOptions(int port, Path dataDir, Optional<URI> awsEndpoint, Optional<String> publicUrl,
        UrlPolicy.Mode urlPolicy, AllowedNetworks allowedNetworks, JwtOptions jwt) {

    /** Options without JWT checking: the project routes answer 401. */
    public RunnerOptions(int port, Path dataDir, Optional<URI> awsEndpoint, Optional<String> publicUrl,
            UrlPolicy.Mode urlPolicy, AllowedNetworks allowedNetworks) {
        this(port, dataDir, awsEndpoint, publicUrl, urlPolicy, allowedNetworks, JwtOptions.NONE);
    }

    /** The same options, checking project administrators' JWTs as {@code jwt} says. */
    public RunnerOptions withJwt(JwtOptions jwt) {
        return new RunnerOptions(port, dataDir, awsEndpoint, publicUrl, urlPolicy, allowedNetworks, jwt);
    }

    /** Options with the local runner's URL rules. */
    public RunnerOptions(int port, Path dataDir, Optional<URI> awsEndpoint, Optional<String> publicUrl) {
        this(port, dataDir, awsEndpoint, publicUrl, UrlPolicy.Mode.LOCAL, AllowedNetworks.NONE);
    }

    /** The URL rules these options select, resolving names with the system resolver. */
    public UrlPolicy policy() {
        return UrlPolicy.of(urlPolicy, allowedNetworks, HostResolver.SYSTEM);
    }

    /** The port used when none is given. */
    public static final int DEFAULT_PORT = 8080;

    static final String USAGE = """
            usage: java -jar gitbridge-local.jar [--port N] [--data-dir DIR] [--aws-endpoint URL] [--public-url URL]
                                                [--url-policy local|deployed] [--allowed-private-networks LIST]
                                                [--jwt-jwks FILE-or-URL --jwt-issuer URL --jwt-audience LIST]
                                                [--jwt-projects-claim NAME]
              --port N            HTTP port on 127.0.0.1 (default 8080; 0 picks a free port)
              --data-dir DIR      where hooks, queued syncs, git caches, the token key and the generated admin
                                  token are kept (default .gitbridge)
              --aws-endpoint URL  use this AWS-compatible endpoint (e.g. LocalStack) instead of embedded DynamoDB Local and ElasticMQ
              --public-url URL    the base URL providers reach this runner at (default http://127.0.0.1:PORT)
              --url-policy P      local (default): file://, http and any address, but a token goes over http only
                                  to loopback; deployed: exactly the AWS rules (https, public addresses only)
              --allowed-private-networks LIST
                                  with --url-policy deployed: CIDR blocks and host names to allow anyway, as the
                                  template's AllowedPrivateNetworks (e.g. 10.20.0.0/16,git.corp.example)
              --jwt-jwks FILE-or-URL
                                  open the project routes (/projects/{project}/hook...) to JWTs signed by a key in
                                  this JWKS (a file, or the issuer's jwks_uri), as the template's JWT authorizer;
                                  without it those routes answer 401
              --jwt-issuer URL    the iss every JWT must carry (the template's JwtIssuer)
              --jwt-audience LIST the aud (or client_id) values accepted, comma-separated (JwtAudience)
              --jwt-projects-claim NAME
                                  the claim listing the projects a caller administers, * for all
                                  (default gitbridge_projects; the template's JwtProjectsClaim)
            environment:
              GITBRIDGE_ADMIN_TOKEN  the admin API's bearer token; when unset, one is generated, printed and kept in
                                     DATA_DIR/admin-token for every later start (delete that file to get a new one)
              AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS (or AWS_ENDPOINT_URL for both)
                                     without --aws-endpoint: use that endpoint instead of the embedded service
              GITBRIDGE_APPCDS=off   run without the class archive mvn package built next to the jar (with it, the
                                     runner runs in a child JVM that maps it and starts in about half the time)""";

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message for the user when they are wrong
     */
    public static RunnerOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Path dataDir = Path.of(".gitbridge");
        Optional<URI> endpoint = Optional.empty();
        Optional<String> publicUrl = Optional.empty();
        UrlPolicy.Mode urlPolicy = UrlPolicy.Mode.LOCAL;
        AllowedNetworks allowed = AllowedNetworks.NONE;
        Optional<String> jwks = Optional.empty();
        Optional<String> issuer = Optional.empty();
        List<String> audiences = List.of();
        String projectsClaim = JwtOptions.DEFAULT_PROJECTS_CLAIM;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = port(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--aws-endpoint" -> endpoint = Optional.of(url(flag, value));
                case "--public-url" -> publicUrl = Optional.of(url(flag, value).toString().replaceAll("/+$", ""));
                case "--url-policy" -> urlPolicy = UrlPolicy.Mode.named(value);
                case "--allowed-private-networks" -> allowed = AllowedNetworks.parse(value);
                case "--jwt-jwks" -> jwks = Optional.of(value);
                case "--jwt-issuer" -> issuer = Optional.of(value);
                case "--jwt-audience" -> audiences = Arrays.stream(value.split(",")).map(String::strip)
                        .filter(audience -> !audience.isEmpty()).toList();
                case "--jwt-projects-claim" -> projectsClaim = value;
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new RunnerOptions(port, dataDir.toAbsolutePath(), endpoint, publicUrl, urlPolicy, allowed,
                new JwtOptions(jwks, issuer, audiences, projectsClaim));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, not " + value);
    }

    private static URI url(String flag, String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be an http(s) URL, not " + value);
    }
}
