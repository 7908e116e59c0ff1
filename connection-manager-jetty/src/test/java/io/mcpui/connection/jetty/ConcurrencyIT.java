package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.PageClient;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many real clients joining and leaving while several threads broadcast. */
class ConcurrencyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int STEADY_PAGES = 100;
    private static final int CHURNING_PAGES = 100;
    private static final int BROADCAST_THREADS = 4;
    private static final int BROADCASTS_PER_THREAD = 250;

    private final JsonCodec json = JsonCodec.jackson();

    @Test
    void twoHundredClientsConnectAndDisconnectWhileFourThreadsBroadcast() throws Exception {
        try (ConnectionManager manager = ConnectionManager.builder().build();
                TestServer server = TestServer.start(container -> container.addMapping(
                        "/ws",
                        new ManagedWebSocketCreator(
                                manager,
                                WebSocketOptions.builder().connectionRate(0, 0).build())))) {
            List<PageClient> steady = new ArrayList<>();
            for (int i = 0; i < STEADY_PAGES; i++) {
                steady.add(PageClient.connect(server.ws("/ws?session_id=steady" + i)));
            }
            await().atMost(WAIT).until(() -> manager.getConnectionCount() == STEADY_PAGES);

            ExecutorService pool = Executors.newFixedThreadPool(BROADCAST_THREADS + 4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < BROADCAST_THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < BROADCASTS_PER_THREAD; i++) {
                        manager.broadcast(Map.of("type", "tick", "thread", thread, "i", i));
                    }
                    return null;
                }));
            }
            for (int t = 0; t < 4; t++) {
                int churner = t;
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = churner; i < CHURNING_PAGES; i += 4) {
                        PageClient page = PageClient.connect(server.ws("/ws?session_id=churn" + i));
                        if (i % 2 == 0) {
                            page.close();
                        } else {
                            page.abort();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : work) {
                future.get(WAIT.toSeconds(), TimeUnit.SECONDS); // rethrows any exception
            }
            pool.shutdown();

            int expected = BROADCAST_THREADS * BROADCASTS_PER_THREAD;
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(manager.getConnectionCount()).isEqualTo(STEADY_PAGES);
                for (PageClient page : steady) {
                    assertThat(page.messages()).hasSize(expected);
                }
            });
            assertThat(manager.getSessionIds()).hasSize(STEADY_PAGES).allMatch(id -> id.startsWith("steady"));
            assertThat(manager.stats().slowConnectionsClosed()).isZero();
            // Each thread's broadcasts arrive in the order that thread sent them.
            for (PageClient page : steady) {
                int[] last = {-1, -1, -1, -1};
                for (String message : page.messages()) {
                    Map<String, Object> fields = json.decode(message);
                    int thread = (Integer) fields.get("thread");
                    int i = (Integer) fields.get("i");
                    assertThat(i).isGreaterThan(last[thread]);
                    last[thread] = i;
                }
            }
            steady.forEach(PageClient::close);
            await().atMost(WAIT).until(() -> manager.getConnectionCount() == 0);
        }
    }
}
