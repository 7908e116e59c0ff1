package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded, bounded fuzz of inbound frames against the router: whatever arrives, the manager
 * neither throws nor lets a session answer another's request, and keeps serving everyone. A
 * failure names its seed, so it can be replayed.
 */
class InboundFuzzTest {

    private static final int FRAMES = 20_000;
    private static final String[] TYPES = {"ping", "handled", "unknown", "button-state-response", "", "PING"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20261125, 7_777_777})
    void randomFramesNeverBreakTheRouter(long seed) {
        Random random = new Random(seed);
        ManualScheduler time = new ManualScheduler();
        try (ConnectionManager manager =
                ConnectionManager.builder().scheduler(time).build()) {
            AtomicInteger handled = new AtomicInteger();
            manager.onMessage("handled", message -> handled.incrementAndGet());
            RecordingConnection asked = new RecordingConnection();
            RecordingConnection other = new RecordingConnection();
            RecordingConnection anonymous = new RecordingConnection();
            manager.connect(asked, "abc7");
            manager.connect(other, "evil1");
            manager.connect(anonymous, null);
            CompletableFuture<InboundMessage> pending =
                    manager.request("abc7", Map.of("type", "get-page-data"), Duration.ofHours(1));
            String requestId =
                    (String) JsonCodec.jackson().decode(asked.sent().get(0)).get("request_id");
            List<RecordingConnection> senders = List.of(other, anonymous);

            for (int i = 0; i < FRAMES; i++) {
                RecordingConnection from = senders.get(random.nextInt(senders.size()));
                manager.receive(from, frame(random, requestId));
            }

            assertThat(pending)
                    .as("seed %d: only session abc7 may answer", seed)
                    .isNotDone();
            manager.receive(asked, "{\"type\":\"button-state-response\",\"request_id\":\"" + requestId + "\"}");
            assertThat(pending).as("seed %d", seed).isCompleted();
            assertThat(manager.broadcast(Map.of("type", "still-alive")))
                    .as("seed %d", seed)
                    .isEqualTo(3);
            assertThat(manager.stats().connections()).isEqualTo(3);
            assertThat(manager.stats().rejectedReplies()).as("seed %d", seed).isPositive();
            assertThat(handled.get() + manager.stats().malformedMessages()).isLessThanOrEqualTo(FRAMES);
        }
    }

    @Test
    void fuzzIsReproducibleForASeed() {
        Random first = new Random(99);
        Random second = new Random(99);
        for (int i = 0; i < 100; i++) {
            assertThat(frame(first, "r")).isEqualTo(frame(second, "r"));
        }
    }

    /** One frame: a well-formed message, a mutated one, or noise. */
    private static String frame(Random random, String requestId) {
        String message = "{\"type\":\"" + TYPES[random.nextInt(TYPES.length)] + "\""
                + (random.nextBoolean()
                        ? ",\"request_id\":\"" + (random.nextBoolean() ? requestId : "r" + random.nextInt()) + "\""
                        : "")
                + (random.nextInt(4) == 0 ? ",\"seq\":" + random.nextLong() : "")
                + (random.nextInt(4) == 0
                        ? ",\"nested\":" + "[".repeat(random.nextInt(50)) + "]".repeat(random.nextInt(50))
                        : "")
                + "}";
        return switch (random.nextInt(8)) {
            case 0 -> message.substring(0, random.nextInt(message.length() + 1)); // truncated
            case 1 -> noise(random);
            case 2 -> "[" + message + "]";
            case 3 -> message.replace('"', '\'');
            case 4 -> "{\"type\":" + random.nextDouble() + "}";
            case 5 -> "{\"type\":\"handled\",\"text\":\"" + unicode(random) + "\"}";
            default -> message;
        };
    }

    private static String noise(Random random) {
        char[] chars = new char[random.nextInt(64)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(0x3000);
        }
        return new String(chars);
    }

    private static String unicode(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.appendCodePoint(0x1F300 + random.nextInt(200));
        }
        return text.toString();
    }
}
