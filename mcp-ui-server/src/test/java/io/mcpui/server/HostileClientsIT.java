package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.testkit.HalfOpenClient;
import io.mcpui.connection.testkit.PageClient;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.PageConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave, against a real server. After each: the server answers /health, a
 * well-behaved page of another session still gets its messages, and (at the end) the heap has
 * not grown with what the misbehaving clients sent.
 */
class HostileClientsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static UnifiedServer server;
    private static URI base;
    private static FakePage canary;
    private static long heapAtStart;

    @BeforeAll
    static void start() throws Exception {
        server = new UnifiedServer(ServerConfig.builder()
                        .port(0)
                        .webSockets(WebSocketOptions.builder()
                                .connectionRate(0, 0)
                                .pingInterval(Duration.ofMillis(300))
                                .pongTimeout(Duration.ofMillis(600))
                                .build())
                        .build())
                .start();
        base = server.baseUri();
        canary = FakePage.open(base, "button", message -> Map.of("type", "button-state-response", "state", Map.of()));
        await().atMost(WAIT)
                .until(() -> server.manager("button").getSessionIds().contains(canary.sessionId()));
        heapAtStart = heapAfterGc();
    }

    @AfterAll
    static void stop() throws Exception {
        long growth = heapAfterGc() - heapAtStart;
        canary.close();
        server.close();
        assertThat(growth).as("heap growth after all hostile clients").isLessThan(64L * 1024 * 1024);
    }

    @AfterEach
    void serverIsHealthyAndOthersStillReceive() throws Exception {
        assertThat(Http.status(base, "/health")).isEqualTo(200);
        server.manager("button").sendToSession(canary.sessionId(), Map.of("type", "still-there"));
        assertThat(nextOfType(canary, "still-there")).isNotNull();
        InboundMessage reply = server.manager("button")
                .request(canary.sessionId(), Map.of("type", "get-page-data"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertThat(reply.type()).isEqualTo("button-state-response");
    }

    private static Map<String, Object> nextOfType(FakePage page, String type) throws InterruptedException {
        while (true) {
            Map<String, Object> message = page.next(WAIT);
            if (type.equals(message.get("type"))) {
                return message;
            }
        }
    }

    private static URI ws(String pathAndQuery) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + pathAndQuery);
    }

    /** A WebSocket with a freshly issued id and token. */
    private static PageClient issuedPage(String app) throws Exception {
        Map<String, Object> config = PageConfig.load(base, app);
        return PageClient.connect(
                ws("/" + app + "/ws?session_id=" + config.get("sessionId") + "&token=" + config.get("token")));
    }

    @Test
    void malformedSessionIdsAreRefused() throws Exception {
        for (String id :
                List.of("", "a".repeat(10 * 1024), "ünïcødé", "../../etc/passwd", "<script>alert(1)</script>")) {
            String query = "/button/ws?session_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
            try (HalfOpenClient client = HalfOpenClient.connect(ws(query))) {
                assertThat(client.handshakeResponse())
                        .as("session id of %d characters", id.length())
                        .matches("(?s)HTTP/1.1 (403|414|431) .*");
            }
        }
    }

    @Test
    void messageOfOneMebibyteIsAccepted() throws Exception {
        try (PageClient page = issuedPage("button")) {
            String oneMebibyte = "{\"type\":\"big\",\"pad\":\"" + "x".repeat(1024 * 1024 - 25) + "\"}";
            assertThat(oneMebibyte.length()).isLessThanOrEqualTo(1024 * 1024);

            page.send(oneMebibyte);
            page.send("{\"type\":\"ping\"}");

            assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void messageOfSixteenMebibytesIsRefusedWith1009BeforeItArrives() throws Exception {
        Map<String, Object> config = PageConfig.load(base, "button");
        try (HalfOpenClient client = HalfOpenClient.connect(
                ws("/button/ws?session_id=" + config.get("sessionId") + "&token=" + config.get("token")))) {
            assertThat(client.handshakeResponse()).startsWith("HTTP/1.1 101");

            client.sendTextFrameStart(16L * 1024 * 1024, 2 * 1024 * 1024);

            assertThat(client.readCloseCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void invalidJsonBinaryFramesAndForgedRepliesChangeNothingForOthers() throws Exception {
        CompletableFuture<InboundMessage> askCanary = new CompletableFuture<>();
        try (PageClient rogue = issuedPage("button")) {
            // The canary answers automatically; ask it while the rogue tries to answer first.
            CompletableFuture<InboundMessage> pending = server.manager("button")
                    .request(canary.sessionId(), Map.of("type", "get-page-data"), Duration.ofSeconds(5));
            pending.whenComplete((reply, failure) -> askCanary.complete(reply));
            rogue.send("{not json at all");
            rogue.send("[\"an\",\"array\"]");
            rogue.send("{\"type\":\"button-state-response\",\"request_id\":\"forged-1\",\"state\":{\"evil\":true}}");
            rogue.sendBinary(new byte[] {0, 1, 2, 3});

            assertThat(rogue.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).code())
                    .isEqualTo(CloseCodes.UNSUPPORTED_DATA);
        }
        InboundMessage reply = askCanary.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reply.sessionId()).isEqualTo(canary.sessionId());
        assertThat(reply.get("state")).isEqualTo(Map.of());
    }

    @Test
    void pageThatNeverReadsWhileAThousandBroadcastsGoOutIsClosed() throws Exception {
        try (PageClient sleeper = issuedPage("strudel")) {
            await().atMost(WAIT).until(() -> server.manager("strudel").getConnectionCount() >= 1);
            sleeper.pauseReading();
            String pad = "z".repeat(16 * 1024);
            long slowClosedBefore = server.manager("strudel").stats().slowConnectionsClosed();

            for (int i = 0; i < 1000; i++) {
                server.manager("strudel").broadcast(Map.of("type", "tick", "i", i, "pad", pad));
            }

            await().atMost(WAIT)
                    .until(() -> server.manager("strudel").stats().slowConnectionsClosed() > slowClosedBefore);
        }
    }

    @Test
    void abruptlyKilledPageIsCleanedUp() throws Exception {
        int before = server.manager("strudel").getConnectionCount();
        PageClient page = issuedPage("strudel");
        await().atMost(WAIT).until(() -> server.manager("strudel").getConnectionCount() == before + 1);

        page.abort();

        await().atMost(WAIT).until(() -> server.manager("strudel").getConnectionCount() == before);
    }

    @Test
    void pageThatStopsAnsweringPingsIsEvictedAndCounted() throws Exception {
        Map<String, Object> config = PageConfig.load(base, "strudel");
        String sessionId = (String) config.get("sessionId");
        try (HalfOpenClient silent =
                HalfOpenClient.connect(ws("/strudel/ws?session_id=" + sessionId + "&token=" + config.get("token")))) {
            assertThat(silent.handshakeResponse()).startsWith("HTTP/1.1 101");
            await().atMost(WAIT)
                    .until(() -> server.manager("strudel").getSessionIds().contains(sessionId));

            await().atMost(WAIT)
                    .until(() -> !server.manager("strudel").getSessionIds().contains(sessionId));
        }
        String metrics = Http.get(base, "/metrics").body();
        assertThat(metrics).containsPattern("mcpui_websocket_evictions_total\\{app=\"strudel\"\\} [1-9]");
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
