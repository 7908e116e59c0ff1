package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.RequestTimeoutException;
import io.mcpui.connection.SessionClosedException;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter on a real Jetty server with real WebSocket clients. */
class ManagedWebSocketIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JsonCodec json = JsonCodec.jackson();
    private ConnectionManager manager;
    private ManagedWebSocketCreator creator;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        manager = ConnectionManager.builder().build();
        creator = new ManagedWebSocketCreator(
                manager,
                WebSocketOptions.builder()
                        .maxTextMessageSize(64 * 1024)
                        .pingInterval(Duration.ofMillis(200))
                        .pongTimeout(Duration.ofMillis(400))
                        .build());
        server = TestServer.start(container -> container.addMapping("/ws", creator));
    }

    @AfterEach
    void stop() throws Exception {
        manager.close();
        server.close();
    }

    private PageClient page(String sessionId) throws Exception {
        PageClient page = PageClient.connect(server.ws("/ws?session_id=" + sessionId));
        await().atMost(WAIT).until(() -> manager.getSessionIds().contains(sessionId));
        return page;
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
        try (PageClient anonymous = PageClient.connect(server.ws("/ws"))) {
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
            assertThat(creator.stats().binaryFramesRefused()).isEqualTo(1);

            manager.broadcast(Map.of("type", "still-here"));
            assertThat(good.next(WAIT)).isEqualTo("{\"type\":\"still-here\"}");
            await().atMost(WAIT).until(() -> manager.getSessionIds().equals(java.util.Set.of("good1")));
        }
    }

    @Test
    void malformedSessionIdIsRefusedWithPolicyViolationAndAReason() throws Exception {
        try (PageClient page = PageClient.connect(server.ws("/ws?session_id=%3Cscript%3E"))) {
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
        try (HalfOpenClient silent = HalfOpenClient.connect(server.ws("/ws?session_id=zzz9"))) {
            assertThat(silent.handshakeResponse()).startsWith("HTTP/1.1 101");
            await().atMost(WAIT).until(() -> manager.getSessionIds().contains("zzz9"));

            await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);

            assertThat(creator.stats().evictions()).isEqualTo(1);
        }
    }

    @Test
    void pageThatAnswersPingsStaysConnected() throws Exception {
        try (PageClient page = page("abc7")) {
            // Five ping rounds, 200 ms apart with 400 ms to answer each: a page whose pongs
            // were not heard would have been dropped by now.
            await().atMost(WAIT).until(() -> page.pingsReceived() >= 5);

            assertThat(manager.getSessionIds()).containsExactly("abc7");
            assertThat(creator.stats().evictions()).isZero();
            manager.sendToSession("abc7", Map.of("type", "still-connected"));
            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"still-connected\",\"seq\":1}");
        }
    }

    @Test
    void aSendTheMomentThePageSeesItsWebSocketOpenReachesIt() throws Exception {
        ManagedWebSocketCreator unlimited = new ManagedWebSocketCreator(
                manager, WebSocketOptions.builder().connectionRate(0, 0).build());
        try (TestServer many = TestServer.start(container -> container.addMapping("/ws", unlimited))) {
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
}
