package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.testkit.PageClient;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A page that stops reading, among pages that keep up. */
class SlowConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 512;
    private static final String PAYLOAD = "p".repeat(64 * 1024);

    @Test
    void pageThatStopsReadingIsClosedAtItsQueueLimitWithoutDelayingOthers() throws Exception {
        try (ConnectionManager manager = ConnectionManager.builder().build();
                TestServer server = TestServer.startWithSendBuffer(
                        container -> container.addMapping(
                                "/ws",
                                new ManagedWebSocketCreator(
                                        manager,
                                        WebSocketOptions.builder()
                                                .connectionRate(0, 0)
                                                .build())),
                        32 * 1024)) {
            List<PageClient> healthy = List.of(
                    PageClient.connect(server.ws("/ws?session_id=good1")),
                    PageClient.connect(server.ws("/ws?session_id=good2")),
                    PageClient.connect(server.ws("/ws?session_id=good3")));
            PageClient slow = PageClient.connect(server.ws("/ws?session_id=slow1"));
            await().atMost(WAIT).until(() -> manager.getConnectionCount() == 4);
            slow.pauseReading();
            long heapBefore = heapAfterGc();

            // 32 MiB to each page, paced by the healthy pages (at most 8 messages ahead of the
            // slowest of them), so only a page that stops reading can fill its queue.
            CompletableFuture<Void> broadcasting = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    int sent = i;
                    await().pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(1))
                            .atMost(WAIT)
                            .until(() -> healthy.stream()
                                    .allMatch(page -> page.messages().size() >= sent - 8));
                    manager.broadcast(Map.of("i", i, "pad", PAYLOAD));
                }
            });
            broadcasting.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            for (PageClient page : healthy) {
                await().atMost(WAIT).until(() -> page.messages().size() == MESSAGES);
            }
            assertThat(manager.stats().slowConnectionsClosed()).isEqualTo(1);
            assertThat(manager.getSessionIds()).containsExactlyInAnyOrder("good1", "good2", "good3");
            // Without the queue bound the slow page's backlog (up to 32 MiB) would still be
            // referenced here; with it, at most about 1 MiB ever was. (The healthy pages' copies
            // are the test's own, so they go first.)
            healthy.forEach(page -> page.messages().clear());
            assertThat(heapAfterGc() - heapBefore).isLessThan(16L * 1024 * 1024);

            slow.resumeReading();
            PageClient.CloseStatus status = slow.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(status.code()).isIn(CloseCodes.POLICY_VIOLATION, 1006);
            assertThat(slow.messages().size()).isLessThan(MESSAGES);
            healthy.forEach(PageClient::close);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
