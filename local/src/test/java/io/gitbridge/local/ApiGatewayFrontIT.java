package io.gitbridge.local;

import io.gitbridge.hooks.HooksHandler;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.http.HttpApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's HTTP front on a real socket, with handlers that record the event or fail. */
class ApiGatewayFrontIT {

    private static final String TOKEN = "front-admin-token";

    private final AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> recording = (event, context) -> {
        seen.set(event);
        return HttpApi.json(202, io.gitbridge.json.Json.MAPPER.createObjectNode().put("status", "queued"));
    };
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> failing = (event, context) -> {
        throw new IllegalStateException("a bug in a handler");
    };
    private ApiGatewayFront front;

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
    }

    @Test
    void event_hasPayloadFormat2Shape_lowerCaseNames_repeatedHeadersCommaJoined_andBase64ForBinary() throws IOException {
        front = started(recording, failing);

        String answer = exchange("POST /webhooks/hk_abc?a=1&a=2&b=%20x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-GitHub-Delivery: one\r\nx-github-delivery: two\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 3\r\nConnection: close\r\n\r\n", new byte[] {0, (byte) 0xff, 1});

        assertThat(answer).startsWith("HTTP/1.1 202 ");
        APIGatewayV2HTTPEvent event = seen.get();
        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("POST /webhooks/{hookId}");
        assertThat(event.getRawPath()).isEqualTo("/webhooks/hk_abc");
        assertThat(event.getRawQueryString()).isEqualTo("a=1&a=2&b=%20x");
        assertThat(event.getQueryStringParameters()).isEqualTo(Map.of("a", "1,2", "b", " x"));
        assertThat(event.getPathParameters()).isEqualTo(Map.of("hookId", "hk_abc"));
        assertThat(event.getHeaders()).containsEntry("x-github-delivery", "one,two")
                .containsEntry("content-type", "application/octet-stream").containsEntry("x-forwarded-proto", "http");
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).containsExactly(0, 0xff, 1);
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
    }

    @Test
    void queryWithABrokenOrNonUtf8Escape_is400Json_andNeverReachesTheFunction() throws IOException {
        front = started(failing, failing);

        for (String query : List.of("name=%zz", "name=ok%2", "name=%", "%zz=x", "name=%FF", "name=%C3%28",
                "a=1&name=%e0%a4")) {
            String answer = exchange("GET /github-app/registration-link?" + query + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(answer).as(query).startsWith("HTTP/1.1 400 ").contains("application/json")
                    .contains("{\"error\":\"bad_request\",\"message\":\"the query string has ");
        }
    }

    @Test
    void queryEscapes_areDecodedAsUtf8_plusAsSpace() throws IOException {
        front = started(recording, recording);

        String answer = exchange("GET /github-app/registration-link?name=a+b%2Fc%C3%A9%E2%82%AC&x=%25zz HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n", new byte[0]);

        assertThat(answer).startsWith("HTTP/1.1 202 ");
        assertThat(seen.get().getQueryStringParameters()).containsEntry("name", "a b/c\u00e9\u20ac")
                .containsEntry("x", "%zz");
    }

    @Test
    void jsonBody_isPassedAsText() throws IOException {
        front = started(recording, failing);

        exchange("POST /webhooks/hk_abc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(seen.get().getIsBase64Encoded()).isFalse();
        assertThat(seen.get().getBody()).isEqualTo("{}");
    }

    @Test
    void aHandlerThatThrows_gets500Json_writtenBeforeTheExchangeEnds() throws IOException {
        front = started(failing, failing);

        String answer = exchange("POST /webhooks/hk_abc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n", new byte[0]);

        assertThat(answer).startsWith("HTTP/1.1 500 ").contains("application/json")
                .endsWith("{\"error\":\"internal\",\"message\":\"the request failed; see the runner's log\"}");
    }

    @Test
    void adminRoutes_needTheBearerToken() throws IOException {
        front = started(recording, recording);

        String refused = exchange("GET /hooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n"
                + "Connection: close\r\n\r\n", new byte[0]);
        String admitted = exchange("GET /hooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                + "Connection: close\r\n\r\n", new byte[0]);

        assertThat(refused).startsWith("HTTP/1.1 401 ").containsIgnoringCase("www-authenticate: Bearer");
        assertThat(admitted).startsWith("HTTP/1.1 202 ");
        assertThat(seen.get().getRouteKey()).isEqualTo("GET /hooks");
    }

    @Test
    void projectRoute_handsTheJwtsClaimsToTheFunction_asApiGatewaysAuthorizerDoes(@TempDir Path tmp) throws Exception {
        TestIssuer issuer = TestIssuer.create(tmp);
        front = new ApiGatewayFront(0, TOKEN, failing, recording, new HooksHandler(null, null, null).routeKeys(),
                Optional.of(JwtAuthorizer.of(issuer.options())));
        front.start();
        String token = issuer.token("alice", "demo", "app");

        String admitted = exchange("GET /projects/demo/hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n", new byte[0]);
        String adminToken = exchange("GET /projects/demo/hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nConnection: close\r\n\r\n", new byte[0]);

        assertThat(admitted).startsWith("HTTP/1.1 202 ");
        APIGatewayV2HTTPEvent event = seen.get();
        assertThat(event.getRouteKey()).isEqualTo("GET /projects/{project}/hook");
        assertThat(event.getPathParameters()).isEqualTo(Map.of("project", "demo"));
        Map<String, String> claims = event.getRequestContext().getAuthorizer().getJwt().getClaims();
        assertThat(claims).containsEntry("sub", "alice").containsEntry("gitbridge_projects", "[demo app]")
                .containsEntry("iss", TestIssuer.ISSUER).containsEntry("aud", TestIssuer.AUDIENCE);
        assertThat(adminToken).startsWith("HTTP/1.1 401 ")
                .containsIgnoringCase("www-authenticate: Bearer error=\"invalid_token\"")
                .contains("\"error\":\"unauthorized\"");
    }

    @Test
    void projectRoute_withoutJwtOptions_is401_andNeverReachesTheFunction() throws IOException {
        front = started(failing, failing);

        String refused = exchange("DELETE /projects/demo/hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nConnection: close\r\n\r\n", new byte[0]);

        assertThat(refused).startsWith("HTTP/1.1 401 ").containsIgnoringCase("www-authenticate: Bearer")
                .contains("JWT auth is not configured");
    }

    @Test
    void refusedAdminRequest_withALargeBody_gets401_andTheConnectionStaysUsable() throws Exception {
        front = started(recording, recording);
        byte[] body = new byte[512 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            // The whole body is sent before the answer is read, as a client without Expect: 100-continue does.
            out.write(("POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.write(("GET /hooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answers = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answers).startsWith("HTTP/1.1 401 ").contains("\"error\":\"unauthorized\"");
            assertThat(answers.indexOf("HTTP/1.1 202 ")).as("the second request on the same connection")
                    .isGreaterThan(0);
        }
    }

    @Test
    void portZero_picksAFreePort() throws IOException {
        front = started(recording, recording);

        assertThat(front.port()).isPositive();
    }

    private static ApiGatewayFront started(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> hooks) throws IOException {
        ApiGatewayFront front = new ApiGatewayFront(0, TOKEN, receiver, hooks,
                new HooksHandler(null, null, null).routeKeys());
        front.start();
        return front;
    }

    private String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
