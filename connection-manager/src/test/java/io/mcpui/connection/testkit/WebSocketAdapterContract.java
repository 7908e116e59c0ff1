package io.mcpui.connection.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.RequestTimeoutException;
import io.mcpui.connection.SessionClosedException;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.TrustedProxies;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.connection.websocket.WebSocketStats;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every WebSocket adapter of the manager guarantees, on a real server with real clients:
 * who may connect (origins, tokens, view tokens, rates, {@code last_seq}), messages both ways,
 * requests, refusals with a code and reason, size limits, pings and eviction, resuming, and a send
 * the moment the page sees its WebSocket open. An adapter's test extends it and starts its server
 * in {@link #start}, as {@code BackplaneContractTest} does for backplanes.
 */
public abstract class WebSocketAdapterContract {

    /** A server of the adapter under test, accepting WebSockets at {@code /ws}. */
    protected interface Adapter extends AutoCloseable {

        /** Its loopback port. */
        int port();

        /** A {@code ws://} URI on it. */
        default URI ws(String pathAndQuery) {
            return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
        }

        /** What its handshake gate refused and its sockets dropped. */
        WebSocketStats stats();
    }

    /** An adapter's server as the contract sees it. */
    protected static Adapter adapter(IntSupplier port, Supplier<WebSocketStats> stats, AutoCloseable server) {
        return new Adapter() {
            @Override
            public int port() {
                return port.getAsInt();
            }

            @Override
            public WebSocketStats stats() {
                return stats.get();
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }

    /**
     * Starts a real server of the adapter on a free loopback port whose path {@code /ws} accepts
     * WebSockets for {@code manager} with {@code options}, and with {@code tokens} only for
     * session ids that carry a valid token ({@code null}: any id).
     */
    protected abstract Adapter start(
            ConnectionManager manager, WebSocketOptions options, @Nullable SessionTokens tokens) throws Exception;

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] SECRET = "test-secret-test-secret-test-sec".getBytes();

    private final JsonCodec json = JsonCodec.jackson();
    private final SessionTokens tokens = new SessionTokens(SECRET, Duration.ofHours(1), Clock.systemUTC());
    private final List<Adapter> started = new ArrayList<>();
    private ConnectionManager manager;
    private @Nullable Adapter pages;
    private @Nullable Adapter gated;

    @BeforeEach
    void createManager() {
        manager = ConnectionManager.builder().build();
    }

    @AfterEach
    void stopAll() throws Exception {
        manager.close();
        for (Adapter adapter : started) {
            adapter.close();
        }
    }

    /** Open sessions, quick pings, a 64 KiB message limit. */
    private Adapter pages() throws Exception {
        if (pages == null) {
            pages = remember(start(
                    manager,
                    WebSocketOptions.builder()
                            .maxTextMessageSize(64 * 1024)
                            .pingInterval(Duration.ofMillis(200))
                            .pongTimeout(Duration.ofMillis(400))
                            .build(),
                    null));
        }
        return pages;
    }

    /** Signed tokens, one trusted foreign origin, the default handshake rate. */
    private Adapter gated() throws Exception {
        if (gated == null) {
            gated = remember(start(
                    manager,
                    WebSocketOptions.builder()
                            .allowedOrigins(Set.of("https://trusted.example"))
                            .connectionRate(20, 50)
                            .build(),
                    tokens));
        }
        return gated;
    }

    private Adapter remember(Adapter adapter) {
        started.add(adapter);
        return adapter;
    }

    private PageClient page(String sessionId) throws Exception {
        PageClient page = PageClient.connect(pages().ws("/ws?session_id=" + sessionId));
        await().atMost(WAIT).until(() -> manager.getSessionIds().contains(sessionId));
        return page;
    }

    private String status(String pathAndQuery, String headers) throws Exception {
        return statusOn(gated(), pathAndQuery, headers);
    }

    private String withToken(String sessionId) {
        return "/ws?session_id=" + sessionId + "&token=" + tokens.issue(sessionId);
    }

    @Test
    void pageReceivesMessagesSentToItsSession() throws Exception {
        try (PageClient page = page("abc7");
                PageClient other = page("xyz1")) {
            manager.sendToSession("abc7", Map.of("type", "strudel-stop"));

            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"strudel-stop\",\"seq\":1}");
            assertThat(other.messages()).isEmpty();
        }
    }

    @Test
    void connectionWithoutSessionIdReceivesBroadcasts() throws Exception {
        try (PageClient anonymous = PageClient.connect(pages().ws("/ws"))) {
            await().atMost(WAIT).until(() -> manager.getConnectionCount() == 1);

            assertThat(manager.broadcast(Map.of("type", "hello"))).isEqualTo(1);

            assertThat(anonymous.next(WAIT)).isEqualTo("{\"type\":\"hello\"}");
            assertThat(manager.getSessionIds()).isEmpty();
        }
    }

    @Test
    void applicationPingIsAnsweredWithPong() throws Exception {
        try (PageClient page = page("abc7")) {
            page.send("{\"type\":\"ping\"}");

            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void messagesFromThePageReachTheirHandler() throws Exception {
        List<InboundMessage> errors = new CopyOnWriteArrayList<>();
        manager.onMessage("evaluation-error", errors::add);
        try (PageClient page = page("abc7")) {
            page.send("{\"type\":\"evaluation-error\",\"error\":\"oops\",\"code\":\"x\"}");

            await().atMost(WAIT).until(() -> errors.size() == 1);
            assertThat(errors.get(0).sessionId()).isEqualTo("abc7");
            assertThat(errors.get(0).string("error")).isEqualTo("oops");
        }
    }

    @Test
    void requestIsAnsweredByThePageOverTheSocket() throws Exception {
        try (PageClient page = page("abc7")) {
            CompletableFuture<InboundMessage> reply =
                    manager.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(10));
            Map<String, Object> asked = json.decode(page.next(WAIT));
            page.send("{\"type\":\"button-state-response\",\"request_id\":\"" + asked.get("request_id")
                    + "\",\"state\":{\"title\":\"Demo\"}}");

            InboundMessage message = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(message.get("state")).isEqualTo(Map.of("title", "Demo"));
            assertThat(manager.stats().pendingRequests()).isZero();
        }
    }

    @Test
    void requestTimesOutWhenThePageNeverAnswersAndTheServerStaysHealthy() throws Exception {
        try (PageClient page = page("abc7")) {
            CompletableFuture<InboundMessage> reply =
                    manager.request("abc7", Map.of("type", "get-page-data"), Duration.ofMillis(300));

            assertThatThrownBy(() -> reply.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(RequestTimeoutException.class);
            assertThat(manager.stats().pendingRequests()).isZero();
            page.next(WAIT); // the request itself
            page.send("{\"type\":\"ping\"}");
            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void requestFailsAtOnceWhenThePageDisconnectsMidWait() throws Exception {
        PageClient page = page("abc7");
        CompletableFuture<InboundMessage> reply =
                manager.request("abc7", Map.of("type", "get-page-data"), Duration.ofMinutes(5));
        page.next(WAIT);

        page.close();

        assertThatThrownBy(() -> reply.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(SessionClosedException.class);
        assertThat(manager.stats().pendingRequests()).isZero();
    }

    @Test
    void replyWithUnknownRequestIdIsCountedAndIgnored() throws Exception {
        try (PageClient page = page("abc7")) {
            page.send("{\"type\":\"button-state-response\",\"request_id\":\"made-up\"}");
            page.send("{\"type\":\"ping\"}");

            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"pong\"}");
            assertThat(manager.stats().unmatchedReplies()).isEqualTo(1);
        }
    }

    @Test
    void malformedJsonAndBinaryFramesFromOnePageLeaveTheOthersUntouched() throws Exception {
        try (PageClient rogue = page("bad1");
                PageClient good = page("good1")) {
            rogue.send("{this is not json");
            rogue.send("[]");
            rogue.send("{\"type\":\"ping\"}");
            assertThat(rogue.next(WAIT)).isEqualTo("{\"type\":\"pong\"}");
            rogue.sendBinary(new byte[] {1, 2, 3});

            PageClient.CloseStatus status = rogue.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(status.code()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
            assertThat(status.reason()).contains("binary frames are not supported");
            assertThat(manager.stats().malformedMessages()).isEqualTo(2);
            assertThat(pages().stats().binaryFramesRefused()).isEqualTo(1);

            manager.broadcast(Map.of("type", "still-here"));
            assertThat(good.next(WAIT)).isEqualTo("{\"type\":\"still-here\"}");
            await().atMost(WAIT).until(() -> manager.getSessionIds().equals(java.util.Set.of("good1")));
        }
    }

    @Test
    void malformedSessionIdIsRefusedWithPolicyViolationAndAReason() throws Exception {
        try (PageClient page = PageClient.connect(pages().ws("/ws?session_id=%3Cscript%3E"))) {
            PageClient.CloseStatus status = page.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(status.code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(status.reason()).startsWith("invalid session_id");
            assertThat(manager.getConnectionCount()).isZero();
        }
    }

    @Test
    void textMessageOverTheLimitClosesWithMessageTooBig() throws Exception {
        try (PageClient page = page("abc7")) {
            page.send("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");

            assertThat(page.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).code())
                    .isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);
        }
    }

    @Test
    void abruptlyKilledPageIsCleanedUp() throws Exception {
        PageClient page = page("abc7");

        page.abort();

        await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);
        assertThat(manager.getSessionIds()).isEmpty();
    }

    @Test
    void pageThatStopsAnsweringPingsIsEvicted() throws Exception {
        try (HalfOpenClient silent = HalfOpenClient.connect(pages().ws("/ws?session_id=zzz9"))) {
            assertThat(silent.handshakeResponse()).startsWith("HTTP/1.1 101");
            await().atMost(WAIT).until(() -> manager.getSessionIds().contains("zzz9"));

            await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);

            assertThat(pages().stats().evictions()).isEqualTo(1);
        }
    }

    @Test
    void pageThatAnswersPingsStaysConnected() throws Exception {
        try (PageClient page = page("abc7")) {
            // Five ping rounds, 200 ms apart with 400 ms to answer each: a page whose pongs
            // were not heard would have been dropped by now.
            await().atMost(WAIT).until(() -> page.pingsReceived() >= 5);

            assertThat(manager.getSessionIds()).containsExactly("abc7");
            assertThat(pages().stats().evictions()).isZero();
            manager.sendToSession("abc7", Map.of("type", "still-connected"));
            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"still-connected\",\"seq\":1}");
        }
    }

    @Test
    void aSendTheMomentThePageSeesItsWebSocketOpenReachesIt() throws Exception {
        try (Adapter many =
                start(manager, WebSocketOptions.builder().connectionRate(0, 0).build(), null)) {
            for (int i = 0; i < 200; i++) {
                String sessionId = "open" + i;
                try (PageClient page = PageClient.connect(many.ws("/ws?session_id=" + sessionId))) {
                    // connect() returns when the handshake completed: no waiting for the manager.
                    assertThat(manager.sendToSession(sessionId, Map.of("type", "first")))
                            .isEqualTo(1);
                    assertThat(page.next(Duration.ofSeconds(10))).isEqualTo("{\"type\":\"first\",\"seq\":1}");
                }
            }
        }
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
        assertThat(gated().stats().refusedForToken()).isEqualTo(3);
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
        String own = "Origin: http://127.0.0.1:" + gated().port() + "\r\n";

        assertThat(status(withToken("org1"), "Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
        assertThat(status(withToken("org2"), own)).startsWith("HTTP/1.1 101");
        assertThat(status(withToken("org3"), "Origin: https://trusted.example\r\n"))
                .startsWith("HTTP/1.1 101");
        assertThat(gated().stats().refusedForOrigin()).isEqualTo(1);
    }

    @Test
    void aViewTokenLetsAnInChatViewInFromItsHostsSandboxOriginAndAPageTokenDoesNot() throws Exception {
        String sandbox = "Origin: https://abc123.sandbox.chat.example\r\n";

        assertThat(status("/ws?session_id=vw1&token=" + tokens.issueForView("vw1"), sandbox))
                .startsWith("HTTP/1.1 101");
        assertThat(status(withToken("vw2"), sandbox)).startsWith("HTTP/1.1 403");
        assertThat(status("/ws?session_id=vw3&token=" + tokens.issueForView("vw4"), sandbox))
                .startsWith("HTTP/1.1 403");
        assertThat(gated().stats().refusedForOrigin()).isEqualTo(2);
    }

    @Test
    void addressThatConnectsTooOftenIsSlowedDown() throws Exception {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            statuses.add(status("/ws", ""));
        }

        assertThat(statuses.subList(0, 50)).allMatch(line -> line.startsWith("HTTP/1.1 101"));
        assertThat(statuses).anyMatch(line -> line.startsWith("HTTP/1.1 429"));
        assertThat(gated().stats().refusedForRate()).isPositive();
    }

    @Test
    void malformedLastSeqIsRefused() throws Exception {
        assertThat(status(withToken("seq1") + "&last_seq=-5", "")).startsWith("HTTP/1.1 400");
        assertThat(status(withToken("seq1") + "&last_seq=abc", "")).startsWith("HTTP/1.1 400");
    }

    @Test
    void pageReconnectingWithLastSeqGetsWhatItMissed() throws Exception {
        PageClient first = PageClient.connect(gated().ws(withToken("res1")));
        await().atMost(WAIT).until(() -> manager.getSessionIds().contains("res1"));
        manager.sendToSession("res1", Map.of("n", 1));
        manager.sendToSession("res1", Map.of("n", 2));
        assertThat(json.decode(first.next(WAIT))).containsEntry("seq", 1);
        assertThat(json.decode(first.next(WAIT))).containsEntry("seq", 2);

        first.abort();
        await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);
        assertThat(manager.sendToSession("res1", Map.of("n", 3))).isZero();
        try (PageClient second = PageClient.connect(gated().ws(withToken("res1") + "&last_seq=2"))) {
            assertThat(json.decode(second.next(WAIT))).containsEntry("n", 3).containsEntry("seq", 3);
            manager.sendToSession("res1", Map.of("n", 4));
            assertThat(json.decode(second.next(WAIT))).containsEntry("n", 4).containsEntry("seq", 4);
            assertThat(second.messages()).isEmpty();
        }
    }

    @Test
    void behindATrustedProxyTheHandshakeLimitCountsTheForwardedClientAddress() throws Exception {
        try (Adapter proxied = start(
                        manager,
                        WebSocketOptions.builder()
                                .connectionRate(1, 1)
                                .trustedProxies(TrustedProxies.parse("127.0.0.1, ::1"))
                                .build(),
                        null);
                Adapter direct = start(
                        manager, WebSocketOptions.builder().connectionRate(1, 1).build(), null)) {
            String client1 = "X-Forwarded-For: 203.0.113.1\r\n";
            String client2 = "X-Forwarded-For: 203.0.113.2\r\n";

            assertThat(statusOn(proxied, "/ws", client1)).startsWith("HTTP/1.1 101");
            assertThat(statusOn(proxied, "/ws", client2)).startsWith("HTTP/1.1 101");
            assertThat(statusOn(proxied, "/ws", client1)).startsWith("HTTP/1.1 429");
            // Without trusted proxies the header is the client's word: ignored.
            assertThat(statusOn(direct, "/ws", client1)).startsWith("HTTP/1.1 101");
            assertThat(statusOn(direct, "/ws", client2)).startsWith("HTTP/1.1 429");
        }
    }

    private static String statusOn(Adapter on, String pathAndQuery, String headers) throws Exception {
        try (HalfOpenClient client = HalfOpenClient.connect(on.ws(pathAndQuery), headers)) {
            return client.handshakeResponse().lines().findFirst().orElse("");
        }
    }
}
