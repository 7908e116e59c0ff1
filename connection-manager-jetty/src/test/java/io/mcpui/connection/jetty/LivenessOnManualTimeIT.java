package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.testkit.HalfOpenClient;
import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.PageClient;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pings and evictions on a scheduler whose time the test moves: nothing happens until it does. */
class LivenessOnManualTimeIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(25);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(20);

    private final ManualScheduler time = new ManualScheduler();
    private ConnectionManager manager;
    private ManagedWebSocketCreator creator;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        manager = ConnectionManager.builder().scheduler(time).build();
        creator = new ManagedWebSocketCreator(
                manager,
                WebSocketOptions.builder()
                        .pingInterval(PING_INTERVAL)
                        .pongTimeout(PONG_TIMEOUT)
                        .build(),
                null,
                time);
        server = TestServer.start(container -> container.addMapping("/ws", creator));
    }

    @AfterEach
    void stop() throws Exception {
        manager.close();
        server.close();
    }

    @Test
    void aSilentPageIsEvictedOnlyOnceThePongTimeoutHasPassedAfterAPing() throws Exception {
        try (HalfOpenClient silent = HalfOpenClient.connect(server.ws("/ws?session_id=zzz9"))) {
            await().atMost(WAIT).until(() -> manager.getSessionIds().contains("zzz9"));

            time.advance(PING_INTERVAL); // the first ping goes out
            time.advance(PONG_TIMEOUT.minusSeconds(1));
            assertThat(manager.getSessionIds()).containsExactly("zzz9");
            assertThat(creator.stats().evictions()).isZero();

            time.advance(Duration.ofSeconds(1));

            assertThat(creator.stats().evictions()).isEqualTo(1);
            assertThat(manager.getConnectionCount()).isZero();
        }
    }

    @Test
    void aPageThatAnswersIsNeverEvicted() throws Exception {
        try (PageClient page = PageClient.connect(server.ws("/ws?session_id=abc7"))) {
            await().atMost(WAIT).until(() -> manager.getSessionIds().contains("abc7"));

            for (int round = 1; round <= 3; round++) {
                int pings = round;
                time.advance(PING_INTERVAL);
                await().atMost(WAIT).until(() -> page.pingsReceived() >= pings);
                // Frames are read in order: once the answer to this comes back, the server has
                // heard from the page after its ping.
                page.send("{\"type\":\"ping\"}");
                assertThat(page.next(WAIT)).isEqualTo("{\"type\":\"pong\"}");
            }
            time.advance(PONG_TIMEOUT);

            assertThat(creator.stats().evictions()).isZero();
            assertThat(manager.getSessionIds()).containsExactly("abc7");
        }
    }
}
