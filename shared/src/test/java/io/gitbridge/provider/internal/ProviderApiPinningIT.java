package io.gitbridge.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider API client connects only to addresses its URL policy checked right before the connection, over a real
 * HTTP server on loopback: a name that resolves to loopback is refused under the deployed rules before anything is
 * sent, and an allowed name connects to the address the policy resolved (not to what the system resolver says).
 */
class ProviderApiPinningIT {

    private static final ProviderApi API = new ProviderApi("GitHub", "admin:repo_hook", token -> "Bearer " + token,
            Map.of());
    private static final String TOKEN = "ghp_pinningpinningpinning";

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"id\":42}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ProviderApi.useUrlPolicy(UrlPolicy.local(HostResolver.SYSTEM));
    }

    @Test
    void send_refusesAHostThatResolvesToLoopback_underTheDeployedRules_andSendsNothing() {
        AtomicInteger lookups = new AtomicInteger();
        ProviderApi.useUrlPolicy(UrlPolicy.deployed(AllowedNetworks.NONE, host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByName("127.0.0.1"));
        }));
        String base = "http://api.example.com:" + server.getAddress().getPort();
        ProviderApi.Session session = API.session(new RepositoryLocation(base, "acme", "app"), TOKEN, null);

        assertThatThrownBy(() -> session.send("GET", base + "/repos/acme/app/hooks", null, "list the webhooks"))
                .isInstanceOf(RegistrationException.Refused.class)
                .hasMessage("gitbridge did not contact the GitHub API at " + base + " while trying to list the webhooks:"
                        + " its host api.example.com resolves to 127.0.0.1, a loopback address; gitbridge connects only"
                        + " to public addresses (an operator can allow a private network with the"
                        + " AllowedPrivateNetworks parameter)");
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(received).isEmpty();
    }

    @Test
    void send_connectsToTheAddressThePolicyResolved() {
        ProviderApi.useUrlPolicy(UrlPolicy.local(host -> {
            if (host.equals("api.internal.test")) {
                return List.of(InetAddress.getByName("127.0.0.1"));
            }
            throw new UnknownHostException(host);
        }));
        String base = "http://api.internal.test:" + server.getAddress().getPort();
        ProviderApi.Session session = API.session(new RepositoryLocation(base, "acme", "app"), TOKEN, null);

        assertThat(session.send("GET", base + "/repos/acme/app/hooks", null, "list the webhooks").get("id").asInt())
                .isEqualTo(42);
        assertThat(received).containsExactly("GET /repos/acme/app/hooks Bearer " + TOKEN);
    }

    @Test
    void send_keepsEveryEncodingOfTheTokenOutOfItsError_whenTheProviderEchoesIt() {
        server.removeContext("/");
        String basic = java.util.Base64.getEncoder().encodeToString(("x-token-auth:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            String echo = "{\"message\":\"bad credentials " + TOKEN + " "
                    + java.net.URLEncoder.encode(TOKEN + "/", StandardCharsets.UTF_8) + " " + basic + "\"}";
            byte[] body = echo.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ProviderApi basicApi = new ProviderApi("Bitbucket", "webhooks permission",
                token -> "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("x-token-auth:" + token).getBytes(StandardCharsets.UTF_8)), Map.of());
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ProviderApi.Session session = basicApi.session(new RepositoryLocation(base, "acme", "app"), TOKEN, null);

        assertThatThrownBy(() -> session.send("GET", base + "/repositories/acme/app/hooks", null, "list the webhooks"))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageStartingWith("Bitbucket rejected the token (HTTP 401: not a valid token, \"bad credentials *** ***")
                .message().doesNotContain(TOKEN).doesNotContain(basic);
    }
}
