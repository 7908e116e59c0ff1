package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResumeTest {

    private final ManualScheduler time = new ManualScheduler();
    private final JsonCodec json = JsonCodec.jackson();
    private ConnectionManager manager = manager(ConnectionManagerOptions.builder());

    private ConnectionManager manager(ConnectionManagerOptions.Builder options) {
        return ConnectionManager.builder()
                .options(options.build())
                .scheduler(time)
                .build();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private void send(String sessionId, int n) {
        manager.sendToSession(sessionId, Map.of("n", n));
    }

    private List<String> received(RecordingConnection connection) {
        return connection.sent().stream()
                .map(text -> {
                    Map<String, Object> fields = json.decode(text);
                    return fields.containsKey("n")
                            ? "n" + fields.get("n") + "@" + fields.get("seq")
                            : fields.get("type") + "@" + fields.get("seq");
                })
                .toList();
    }

    @Test
    void messagesToASessionCarrySeqCountingFromOne() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        send("abc7", 10);
        send("abc7", 11);
        manager.request("abc7", Map.of("type", "q"), Duration.ofSeconds(5));

        assertThat(received(page)).containsExactly("n10@1", "n11@2", "q@3");
    }

    @Test
    void broadcastsCarryNoSeq() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.broadcast(Map.of("type", "hello"));

        assertThat(page.sent()).containsExactly("{\"type\":\"hello\"}");
    }

    @Test
    void pageThatReconnectsWithItsLastSeqGetsWhatItMissedInOrderExactlyOnce() {
        RecordingConnection before = new RecordingConnection();
        manager.connect(before, "abc7");
        send("abc7", 1);
        send("abc7", 2);
        send("abc7", 3);
        manager.disconnect(before); // dropped without a close frame

        assertThat(manager.sendToSession("abc7", Map.of("n", 4))).isZero(); // kept for the page
        send("abc7", 5);
        RecordingConnection after = new RecordingConnection();
        manager.reconnect(after, "abc7", 3);
        send("abc7", 6);

        assertThat(received(before)).containsExactly("n1@1", "n2@2", "n3@3");
        assertThat(received(after)).containsExactly("n4@4", "n5@5", "n6@6");
    }

    @Test
    void secondTabReconnectingWhileTheFirstStaysGetsItsGap() {
        RecordingConnection steady = new RecordingConnection();
        RecordingConnection flaky = new RecordingConnection();
        manager.connect(steady, "abc7");
        manager.connect(flaky, "abc7");
        send("abc7", 1);
        manager.disconnect(flaky);
        send("abc7", 2);

        RecordingConnection back = new RecordingConnection();
        manager.reconnect(back, "abc7", 1);

        assertThat(received(back)).containsExactly("n2@2");
        assertThat(received(steady)).containsExactly("n1@1", "n2@2");
    }

    @Test
    void gapLargerThanTheBufferIsAnnouncedWithResync() {
        manager.close();
        manager = manager(ConnectionManagerOptions.builder().replayMaxMessages(3));
        RecordingConnection before = new RecordingConnection();
        manager.connect(before, "abc7");
        send("abc7", 1);
        send("abc7", 2);
        manager.disconnect(before);
        for (int n = 3; n <= 10; n++) {
            send("abc7", n);
        }

        RecordingConnection after = new RecordingConnection();
        manager.reconnect(after, "abc7", 2);

        assertThat(received(after)).containsExactly("resync@7", "n8@8", "n9@9", "n10@10");
    }

    @Test
    void replayNeverOverflowsTheResumingConnectionsQueue() {
        manager.close();
        manager = manager(ConnectionManagerOptions.builder().maxQueuedMessages(4)); // replay: 1,000
        RecordingConnection before = new RecordingConnection();
        manager.connect(before, "abc7");
        manager.disconnect(before);
        for (int n = 1; n <= 10; n++) {
            send("abc7", n);
        }

        RecordingConnection after = new RecordingConnection();
        after.hold(); // a page that has not read anything yet
        manager.reconnect(after, "abc7", 0);
        after.releaseAll();

        // The session kept only what a queue of 4 can take (resync included), so the page stays.
        assertThat(after.isOpen()).isTrue();
        assertThat(received(after)).containsExactly("resync@7", "n8@8", "n9@9", "n10@10");
    }

    @Test
    void gapLargerThanTheByteBoundIsAnnouncedWithResync() {
        manager.close();
        manager = manager(ConnectionManagerOptions.builder().replayMaxBytes(100));
        RecordingConnection before = new RecordingConnection();
        manager.connect(before, "abc7");
        manager.disconnect(before);
        for (int n = 1; n <= 5; n++) {
            manager.sendToSession("abc7", Map.of("n", n, "pad", "x".repeat(30)));
        }

        RecordingConnection after = new RecordingConnection();
        manager.reconnect(after, "abc7", 0);

        // Each message is about 55 characters, so 100 keep only the last one.
        assertThat(received(after)).containsExactly("resync@4", "n5@5");
    }

    @Test
    void messagesOlderThanTheResumeWindowAreNotReplayed() {
        RecordingConnection steady = new RecordingConnection();
        RecordingConnection flaky = new RecordingConnection();
        manager.connect(steady, "abc7");
        manager.connect(flaky, "abc7");
        manager.disconnect(flaky);
        send("abc7", 1);
        time.advance(Duration.ofSeconds(20));
        send("abc7", 2);
        time.advance(Duration.ofSeconds(15)); // message 1 is now 35 s old

        RecordingConnection back = new RecordingConnection();
        manager.reconnect(back, "abc7", 0);

        assertThat(received(back)).containsExactly("resync@1", "n2@2");
    }

    @Test
    void pageAheadOfTheSessionIsToldToResync() {
        RecordingConnection page = new RecordingConnection();

        manager.reconnect(page, "new1", 57); // e.g. the server restarted

        assertThat(received(page)).containsExactly("resync@0");
        send("new1", 1);
        assertThat(received(page)).containsExactly("resync@0", "n1@1");
    }

    @Test
    void pageThatSawEverythingGetsNothingOnReconnect() {
        RecordingConnection before = new RecordingConnection();
        manager.connect(before, "abc7");
        send("abc7", 1);
        manager.disconnect(before);

        RecordingConnection after = new RecordingConnection();
        manager.reconnect(after, "abc7", 1);

        assertThat(after.sent()).isEmpty();
    }

    @Test
    void sessionEndsWhenTheResumeWindowPassesWithoutAReconnect() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.disconnect(page);

        time.advance(ConnectionManagerOptions.DEFAULT_RESUME_WINDOW);

        assertThatThrownBy(() -> send("abc7", 1)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void reconnectWithinTheWindowKeepsTheSession() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.disconnect(page);
        time.advance(Duration.ofSeconds(29));
        RecordingConnection back = new RecordingConnection();
        manager.reconnect(back, "abc7", 0);

        time.advance(Duration.ofMinutes(5));

        assertThat(manager.sendToSession("abc7", Map.of("n", 1))).isEqualTo(1);
    }

    @Test
    void pageThatClosesNormallyEndsItsSessionAtOnce() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.disconnect(page, CloseCodes.NORMAL);

        assertThatThrownBy(() -> send("abc7", 1)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void resumingCanBeTurnedOff() {
        manager.close();
        manager = manager(ConnectionManagerOptions.builder().resumeWindow(Duration.ZERO));
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.disconnect(page);

        assertThatThrownBy(() -> send("abc7", 1)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void sessionWaitingToResumeIsNotListedAsConnected() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.disconnect(page);

        assertThat(manager.getSessionIds()).isEmpty();
        assertThat(manager.getSessionConnection("abc7")).isEmpty();
    }

    @Test
    void messageThatCannotBeEncodedUsesNoSeq() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        assertThatThrownBy(() -> manager.sendToSession("abc7", List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        send("abc7", 1);

        assertThat(received(page)).containsExactly("n1@1");
    }

    @Test
    void ninthTabOfASessionIsRefused() {
        for (int i = 0; i < ConnectionManagerOptions.DEFAULT_MAX_CONNECTIONS_PER_SESSION; i++) {
            manager.connect(new RecordingConnection(), "abc7");
        }
        RecordingConnection ninth = new RecordingConnection();

        assertThatThrownBy(() -> manager.connect(ninth, "abc7"))
                .isInstanceOf(ConnectionLimitException.class)
                .hasMessage("too many connections for this session (at most 8)");
        assertThat(ninth.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        assertThat(manager.getSessions()).isEqualTo(Map.of("abc7", 8));
        assertThat(manager.getConnectionCount()).isEqualTo(8);
    }

    @Test
    void sessionBeyondTheNodeLimitIsRefusedWithTryAgainLater() {
        manager.close();
        manager = manager(ConnectionManagerOptions.builder().maxSessions(2));
        manager.connect(new RecordingConnection(), "one1");
        manager.connect(new RecordingConnection(), "two2");
        RecordingConnection third = new RecordingConnection();

        assertThatThrownBy(() -> manager.connect(third, "three3")).isInstanceOf(ConnectionLimitException.class);
        assertThat(third.closeCode()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
        manager.connect(new RecordingConnection(), "one1"); // a second tab of a held session is fine
    }

    @Test
    void negativeLastSeqIsRefused() {
        assertThatThrownBy(() -> manager.reconnect(new RecordingConnection(), "abc7", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
