package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.testkit.HalfOpenClient;
import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.McpClients;
import io.mcpui.server.testing.McpClients.Transport;
import io.mcpui.server.testing.PageConfig;
import io.mcpui.server.testing.RawHttp;
import io.mcpui.server.testing.TestConfigs;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nobody let in: session tokens, origins, the auth token, the handshake rate limit. */
class SecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "a-session-secret-of-32-bytes-min";
    private static final String AUTH_TOKEN = "test-auth-token-0123456789";

    private static UnifiedServer server;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        server = new UnifiedServer(TestConfigs.server()
                        .sessionSecret(SECRET)
                        .authToken(AUTH_TOKEN)
                        .allowedOrigins(List.of("http://localhost:6274"))
                        .build())
                .start();
        base = server.baseUri();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String handshake(String pathAndQuery, String headers) throws Exception {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + pathAndQuery);
        try (HalfOpenClient client = HalfOpenClient.connect(ws, headers)) {
            return client.handshakeResponse().lines().findFirst().orElse("");
        }
    }

    @Test
    void pageGetsASignedTokenWithItsId() throws Exception {
        Map<String, Object> config = PageConfig.load(base, "button");

        String sessionId = (String) config.get("sessionId");
        String token = (String) config.get("token");
        assertThat(SessionTokens.withSecret(SECRET, Duration.ofHours(1)).check(sessionId, token))
                .isEqualTo(SessionTokens.Verdict.VALID);
        assertThat(handshake("/button/ws?session_id=" + sessionId + "&token=" + token, ""))
                .startsWith("HTTP/1.1 101");
    }

    @Test
    void idsTheServerNeverIssuedAreRefusedBeforeTheUpgrade() throws Exception {
        assertThat(handshake("/button/ws?session_id=abc7", "")).startsWith("HTTP/1.1 403");
        assertThat(handshake("/button/ws?session_id=abc7&token=forged-token", ""))
                .startsWith("HTTP/1.1 403");
        String other = (String) PageConfig.load(base, "button").get("token");
        assertThat(handshake("/button/ws?session_id=abc7&token=" + other, "")).startsWith("HTTP/1.1 403");
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        SessionTokens lastWeek = new SessionTokens(
                SECRET.getBytes(),
                Duration.ofHours(1),
                Clock.fixed(Instant.now().minus(Duration.ofDays(7)), ZoneOffset.UTC));

        assertThat(handshake("/button/ws?session_id=old1&token=" + lastWeek.issue("old1"), ""))
                .startsWith("HTTP/1.1 403");
    }

    @Test
    void pageWebSocketFromAForeignOriginIsRefused() throws Exception {
        Map<String, Object> config = PageConfig.load(base, "button");
        String query = "/button/ws?session_id=" + config.get("sessionId") + "&token=" + config.get("token");

        assertThat(handshake(query, "Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
        assertThat(handshake(query, "Origin: " + base + "\r\n")).startsWith("HTTP/1.1 101");
    }

    @Test
    void mcpNeedsTheAuthToken() throws Exception {
        assertThatThrownBy(() -> McpClients.connect(base, "mcp-strudel", Transport.STREAMABLE_HTTP, null)
                        .close())
                .isInstanceOf(RuntimeException.class);
        try (McpSyncClient client = McpClients.connect(base, "mcp-strudel", Transport.STREAMABLE_HTTP, AUTH_TOKEN)) {
            assertThat(client.listTools().tools()).isNotEmpty();
        }
        try (McpSyncClient client = McpClients.connect(base, "mcp-strudel", Transport.LEGACY_SSE, AUTH_TOKEN)) {
            assertThat(client.listTools().tools()).isNotEmpty();
        }
    }

    @Test
    void mcpWithoutOrWithAWrongTokenGets401() throws Exception {
        HttpResponse<String> none = post("/mcp-strudel/mcp", null, null);
        HttpResponse<String> wrong = post("/mcp-strudel/mcp", "Bearer not-the-token", null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mcp-ui\"");
        assertThat(none.body()).contains("Authorization: Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void adminApiNeedsTheAuthTokenAndTheServersOwnOrigin() throws Exception {
        String bearer = "Bearer " + AUTH_TOKEN;

        assertThat(post("/api/button/broadcast", null, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/button/broadcast", bearer, null).statusCode()).isEqualTo(200);
        assertThat(post("/api/button/broadcast", bearer, "http://evil.example").statusCode())
                .isEqualTo(403);
        assertThat(post("/api/button/broadcast", bearer, "http://localhost:6274")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void adminApiRefusesAForeignHostName() throws Exception {
        RawHttp.Response response = RawHttp.send(
                base,
                "GET",
                "/api/button/sessions",
                "Host: rebound.example\r\nAuthorization: Bearer " + AUTH_TOKEN + "\r\n",
                "");

        assertThat(response.status()).isEqualTo(421);
    }

    @Test
    void noEndpointAllowsEveryOrigin() throws Exception {
        HttpResponse<String> page = Http.get(base, "/health", "Origin", "http://evil.example");
        HttpResponse<String> api = post("/api/button/broadcast", "Bearer " + AUTH_TOKEN, "http://localhost:6274");

        assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void twoThousandRapidConnectsFromOneAddressAreThrottledAndOthersCarryOn() throws Exception {
        try (UnifiedServer limited =
                new UnifiedServer(ServerConfig.builder().port(0).build()).start()) {
            URI limitedBase = limited.baseUri();
            FakePage canary = FakePage.open(limitedBase, "strudel", message -> null);
            await().atMost(WAIT)
                    .until(() -> limited.manager("strudel").getSessionIds().contains(canary.sessionId()));
            URI ws = URI.create(limitedBase.toString().replaceFirst("^http", "ws") + "/strudel/ws");

            List<String> statuses = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                try (HalfOpenClient client = HalfOpenClient.connect(ws)) {
                    statuses.add(client.handshakeResponse().lines().findFirst().orElse(""));
                }
            }

            assertThat(statuses.stream()
                            .filter(line -> line.startsWith("HTTP/1.1 429"))
                            .count())
                    .isGreaterThan(1000);
            assertThat(Http.status(limitedBase, "/health")).isEqualTo(200);
            limited.manager("strudel").sendToSession(canary.sessionId(), Map.of("type", "strudel-stop"));
            assertThat(canary.next(WAIT)).containsEntry("type", "strudel-stop");
            canary.close();
        }
    }

    private static HttpResponse<String> post(String path, String authorization, String origin) throws Exception {
        return Http.post(
                base,
                path,
                "{\"type\":\"noop\"}",
                "Accept",
                "application/json, text/event-stream",
                "Authorization",
                authorization,
                "Origin",
                origin);
    }
}
