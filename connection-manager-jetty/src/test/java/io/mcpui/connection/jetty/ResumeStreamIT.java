package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.PageClient;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A page whose connection dies in the middle of a stream misses nothing and sees nothing twice. */
class ResumeStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 10_000;

    private final JsonCodec json = JsonCodec.jackson();

    @Test
    void reconnectInTheMiddleOfTenThousandMessagesLosesAndRepeatsNothing() throws Exception {
        // The buffers hold the whole stream, so however the race falls the gap can be filled.
        ConnectionManagerOptions options = ConnectionManagerOptions.builder()
                .maxQueuedMessages(2 * MESSAGES)
                .maxQueuedBytes(16 * 1024 * 1024)
                .replayMaxMessages(2 * MESSAGES)
                .replayMaxBytes(16 * 1024 * 1024)
                .build();
        try (ConnectionManager manager =
                        ConnectionManager.builder().options(options).build();
                TestServer server = TestServer.start(container -> container.addMapping(
                        "/ws",
                        new ManagedWebSocketCreator(
                                manager,
                                WebSocketOptions.builder().connectionRate(0, 0).build())))) {
            PageClient first = PageClient.connect(server.ws("/ws?session_id=stream1"));
            await().atMost(WAIT).until(() -> manager.getSessionIds().contains("stream1"));

            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int n = 0; n < MESSAGES; n++) {
                    manager.sendToSession("stream1", Map.of("n", n));
                }
            });
            await().atMost(WAIT).until(() -> first.messages().size() >= MESSAGES / 3);
            first.abort();
            List<Map<String, Object>> seen = new ArrayList<>();
            first.messages().forEach(text -> seen.add(json.decode(text)));
            long lastSeq = ((Number) seen.get(seen.size() - 1).get("seq")).longValue();

            try (PageClient second = PageClient.connect(server.ws("/ws?session_id=stream1&last_seq=" + lastSeq))) {
                sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> seen.size() + second.messages().size() >= MESSAGES);
                second.messages().forEach(text -> seen.add(json.decode(text)));
            }

            assertThat(seen).hasSize(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(seen.get(i))
                        .as("message %d", i)
                        .containsEntry("n", i)
                        .containsEntry("seq", i + 1);
            }
        }
    }
}
