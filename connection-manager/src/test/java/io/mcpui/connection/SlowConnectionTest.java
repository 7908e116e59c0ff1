package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowConnectionTest {

    private final ManualScheduler scheduler = new ManualScheduler();

    private ConnectionManager manager(ConnectionManagerOptions.Builder options) {
        return ConnectionManager.builder()
                .options(options.build())
                .scheduler(scheduler)
                .build();
    }

    @Test
    void transportSeesOneSendAtATimeAndTheRestWaitsInTheQueue() {
        try (ConnectionManager manager = manager(ConnectionManagerOptions.builder())) {
            RecordingConnection slow = new RecordingConnection();
            slow.hold();
            manager.connect(slow, "abc7");

            for (int i = 0; i < 10; i++) {
                manager.sendToSession("abc7", Map.of("type", "n", "i", i));
            }

            assertThat(slow.heldCount()).isEqualTo(1);
            slow.releaseAll();
            assertThat(slow.sent()).hasSize(10);
            assertThat(slow.sent().get(9)).contains("\"i\":9");
        }
    }

    @Test
    void messagesArriveInTheOrderTheyWereSent() {
        try (ConnectionManager manager = manager(ConnectionManagerOptions.builder())) {
            RecordingConnection page = new RecordingConnection();
            page.hold();
            manager.connect(page, "abc7");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                manager.sendToSession("abc7", Map.of("i", i));
                expected.add("{\"i\":" + i + ",\"seq\":" + (i + 1) + "}");
                page.release(i % 3);
            }
            page.releaseAll();

            assertThat(page.sent()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void slowConnectionIsClosedWhenItsQueueOverflowsByCount() {
        try (ConnectionManager manager =
                manager(ConnectionManagerOptions.builder().maxQueuedMessages(5))) {
            RecordingConnection slow = new RecordingConnection();
            RecordingConnection fast = new RecordingConnection();
            slow.hold();
            manager.connect(slow, "slow1");
            manager.connect(fast, "fast1");

            // One message is with the transport, five wait; the seventh overflows.
            for (int i = 0; i < 7; i++) {
                manager.broadcast(Map.of("i", i));
            }

            assertThat(slow.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(slow.closeReason()).contains("outbound queue overflow");
            assertThat(manager.getSessionIds()).containsExactly("fast1");
            assertThat(fast.sent()).hasSize(7);
            assertThat(manager.stats().slowConnectionsClosed()).isEqualTo(1);
        }
    }

    @Test
    void slowConnectionIsClosedWhenItsQueueOverflowsByBytes() {
        try (ConnectionManager manager =
                manager(ConnectionManagerOptions.builder().maxQueuedBytes(1000))) {
            RecordingConnection slow = new RecordingConnection();
            slow.hold();
            manager.connect(slow, "slow1");
            String kilobyte = "x".repeat(400);

            manager.sendToSession("slow1", Map.of("pad", kilobyte)); // with the transport
            manager.sendToSession("slow1", Map.of("pad", kilobyte)); // queued, ~410 chars
            manager.sendToSession("slow1", Map.of("pad", kilobyte)); // queued, ~820 chars
            assertThat(slow.isOpen()).isTrue();
            manager.sendToSession("slow1", Map.of("pad", kilobyte)); // would pass 1000

            assertThat(slow.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void oneMessageLargerThanTheByteLimitStillReachesAPeerThatKeepsUp() {
        try (ConnectionManager manager =
                manager(ConnectionManagerOptions.builder().maxQueuedBytes(100))) {
            RecordingConnection page = new RecordingConnection();
            manager.connect(page, "abc7");

            manager.sendToSession("abc7", Map.of("pad", "y".repeat(500)));

            assertThat(page.sent()).hasSize(1);
            assertThat(page.isOpen()).isTrue();
        }
    }

    @Test
    void dropPolicyDropsWhatDoesNotFitAndKeepsTheConnection() {
        try (ConnectionManager manager = manager(
                ConnectionManagerOptions.builder().maxQueuedMessages(2).overflowPolicy(OverflowPolicy.DROP_MESSAGE))) {
            RecordingConnection slow = new RecordingConnection();
            slow.hold();
            manager.connect(slow, "slow1");

            int reached = 0;
            for (int i = 0; i < 5; i++) {
                reached += manager.sendToSession("slow1", Map.of("i", i));
            }
            slow.releaseAll();

            assertThat(reached).isEqualTo(3);
            assertThat(slow.isOpen()).isTrue();
            assertThat(slow.sent())
                    .containsExactly("{\"i\":0,\"seq\":1}", "{\"i\":1,\"seq\":2}", "{\"i\":2,\"seq\":3}");
            assertThat(manager.stats().messagesDropped()).isEqualTo(2);
        }
    }

    @Test
    void failedSendDisconnectsTheConnection() {
        try (ConnectionManager manager = manager(ConnectionManagerOptions.builder())) {
            RecordingConnection broken = new RecordingConnection();
            manager.connect(broken, "abc7");
            broken.failSends(new IllegalStateException("socket reset"));

            manager.sendToSession("abc7", Map.of("type", "x"));
            assertThat(broken.closeCode()).isEqualTo(CloseCodes.SERVER_ERROR);

            // The send failed under the session's lock; the disconnect runs as a task after it.
            scheduler.advance(Duration.ZERO);
            assertThat(manager.getSessionIds()).isEmpty();
            assertThat(manager.stats().sendFailures()).isEqualTo(1);
        }
    }

    @Test
    void inlineCompletionsDoNotGrowTheStack() {
        try (ConnectionManager manager = manager(
                ConnectionManagerOptions.builder().maxQueuedMessages(200_000).maxQueuedBytes(10_000_000))) {
            RecordingConnection page = new RecordingConnection();
            page.hold();
            manager.connect(page, "abc7");
            for (int i = 0; i < 100_000; i++) {
                manager.sendToSession("abc7", Map.of("i", i));
            }

            // Each completion now runs inline inside the next sendText: a recursive pump
            // would overflow the stack long before 100,000 messages.
            page.releaseAll();

            assertThat(page.sent()).hasSize(100_000);
        }
    }
}
