package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.TrustedProxies;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may open a WebSocket: origins, tokens, rates, and resuming with last_seq. */
class AdmissionIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] SECRET = "test-secret-test-secret-test-sec".getBytes();

    private final SessionTokens tokens = new SessionTokens(SECRET, Duration.ofHours(1), Clock.systemUTC());
    private ConnectionManager manager;
    private ManagedWebSocketCreator creator;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        manager = ConnectionManager.builder().build();
        creator = new ManagedWebSocketCreator(
                manager,
                WebSocketOptions.builder()
                        .allowedOrigins(Set.of("https://trusted.example"))
                        .connectionRate(20, 50)
                        .build(),
                tokens);
        server = TestServer.start(container -> container.addMapping("/ws", creator));
    }

    @AfterEach
    void stop() throws Exception {
        manager.close();
        server.close();
    }

    private String status(String pathAndQuery, String headers) throws Exception {
        try (HalfOpenClient client = HalfOpenClient.connect(server.ws(pathAndQuery), headers)) {
            return client.handshakeResponse().lines().findFirst().orElse("");
        }
    }

    private String withToken(String sessionId) {
        return "/ws?session_id=" + sessionId + "&token=" + tokens.issue(sessionId);
    }

    @Test
    void validTokenIsLetIn() throws Exception {
        assertThat(status(withToken("abc7"), "")).startsWith("HTTP/1.1 101");
    }

    @Test
    void missingForgedOrForeignTokenIsRefusedBeforeTheUpgrade() throws Exception {
        assertThat(status("/ws?session_id=abc7", "")).startsWith("HTTP/1.1 403");
        assertThat(status("/ws?session_id=abc7&token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""))
                .startsWith("HTTP/1.1 403");
        assertThat(status("/ws?session_id=abc7&token=" + tokens.issue("xyz1"), ""))
                .startsWith("HTTP/1.1 403");
        assertThat(creator.stats().refusedForToken()).isEqualTo(3);
        assertThat(manager.getConnectionCount()).isZero();
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        SessionTokens yesterday = new SessionTokens(
                SECRET, Duration.ofHours(1), Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));

        assertThat(status("/ws?session_id=abc7&token=" + yesterday.issue("abc7"), ""))
                .startsWith("HTTP/1.1 403");
    }

    @Test
    void foreignOriginIsRefusedAndOwnOrAllowedOriginsAreLetIn() throws Exception {
        String own = "Origin: http://127.0.0.1:" + server.port() + "\r\n";

        assertThat(status(withToken("org1"), "Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
        assertThat(status(withToken("org2"), own)).startsWith("HTTP/1.1 101");
        assertThat(status(withToken("org3"), "Origin: https://trusted.example\r\n"))
                .startsWith("HTTP/1.1 101");
        assertThat(creator.stats().refusedForOrigin()).isEqualTo(1);
    }

    @Test
    void aViewTokenLetsAnInChatViewInFromItsHostsSandboxOriginAndAPageTokenDoesNot() throws Exception {
        String sandbox = "Origin: https://abc123.sandbox.chat.example\r\n";

        assertThat(status("/ws?session_id=vw1&token=" + tokens.issueForView("vw1"), sandbox))
                .startsWith("HTTP/1.1 101");
        assertThat(status(withToken("vw2"), sandbox)).startsWith("HTTP/1.1 403");
        assertThat(status("/ws?session_id=vw3&token=" + tokens.issueForView("vw4"), sandbox))
                .startsWith("HTTP/1.1 403");
        assertThat(creator.stats().refusedForOrigin()).isEqualTo(2);
    }

    @Test
    void addressThatConnectsTooOftenIsSlowedDown() throws Exception {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            statuses.add(status("/ws", ""));
        }

        assertThat(statuses.subList(0, 50)).allMatch(line -> line.startsWith("HTTP/1.1 101"));
        assertThat(statuses).anyMatch(line -> line.startsWith("HTTP/1.1 429"));
        assertThat(creator.stats().refusedForRate()).isPositive();
    }

    @Test
    void malformedLastSeqIsRefused() throws Exception {
        assertThat(status(withToken("seq1") + "&last_seq=-5", "")).startsWith("HTTP/1.1 400");
        assertThat(status(withToken("seq1") + "&last_seq=abc", "")).startsWith("HTTP/1.1 400");
    }

    @Test
    void pageReconnectingWithLastSeqGetsWhatItMissed() throws Exception {
        JsonCodec json = JsonCodec.jackson();
        PageClient first = PageClient.connect(server.ws(withToken("res1")));
        await().atMost(WAIT).until(() -> manager.getSessionIds().contains("res1"));
        manager.sendToSession("res1", Map.of("n", 1));
        manager.sendToSession("res1", Map.of("n", 2));
        assertThat(json.decode(first.next(WAIT))).containsEntry("seq", 1);
        assertThat(json.decode(first.next(WAIT))).containsEntry("seq", 2);

        first.abort();
        await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);
        assertThat(manager.sendToSession("res1", Map.of("n", 3))).isZero();
        try (PageClient second = PageClient.connect(server.ws(withToken("res1") + "&last_seq=2"))) {
            assertThat(json.decode(second.next(WAIT))).containsEntry("n", 3).containsEntry("seq", 3);
            manager.sendToSession("res1", Map.of("n", 4));
            assertThat(json.decode(second.next(WAIT))).containsEntry("n", 4).containsEntry("seq", 4);
            assertThat(second.messages()).isEmpty();
        }
    }

    @Test
    void behindATrustedProxyTheHandshakeLimitCountsTheForwardedClientAddress() throws Exception {
        ManagedWebSocketCreator behindProxy = new ManagedWebSocketCreator(
                manager,
                WebSocketOptions.builder()
                        .connectionRate(1, 1)
                        .trustedProxies(TrustedProxies.parse("127.0.0.1, ::1"))
                        .build());
        ManagedWebSocketCreator direct = new ManagedWebSocketCreator(
                manager, WebSocketOptions.builder().connectionRate(1, 1).build());
        try (TestServer proxied = TestServer.start(container -> {
            container.addMapping("/proxied", behindProxy);
            container.addMapping("/direct", direct);
        })) {
            String client1 = "X-Forwarded-For: 203.0.113.1\r\n";
            String client2 = "X-Forwarded-For: 203.0.113.2\r\n";

            assertThat(statusOn(proxied, "/proxied", client1)).startsWith("HTTP/1.1 101");
            assertThat(statusOn(proxied, "/proxied", client2)).startsWith("HTTP/1.1 101");
            assertThat(statusOn(proxied, "/proxied", client1)).startsWith("HTTP/1.1 429");
            // Without trusted proxies the header is the client's word: ignored.
            assertThat(statusOn(proxied, "/direct", client1)).startsWith("HTTP/1.1 101");
            assertThat(statusOn(proxied, "/direct", client2)).startsWith("HTTP/1.1 429");
        }
    }

    private static String statusOn(TestServer on, String pathAndQuery, String headers) throws Exception {
        try (HalfOpenClient client = HalfOpenClient.connect(on.ws(pathAndQuery), headers)) {
            return client.handshakeResponse().lines().findFirst().orElse("");
        }
    }
}
