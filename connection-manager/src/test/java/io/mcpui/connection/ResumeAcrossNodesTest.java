package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.InJvmCluster;
import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A page that resumes on another node gets what the cluster kept of its session, aged by the
 * injected clock: messages older than the resume window are not replayed.
 */
class ResumeAcrossNodesTest {

    private final JsonCodec json = JsonCodec.jackson();
    private final ManualScheduler time = new ManualScheduler();
    private final InJvmCluster cluster = new InJvmCluster(time::currentTimeMillis);
    private final ConnectionManager nodeA = ConnectionManager.builder()
            .backplane(cluster.newNode())
            .scheduler(time)
            .build();
    private final ConnectionManager nodeB = ConnectionManager.builder()
            .backplane(cluster.newNode())
            .scheduler(time)
            .build();

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    private List<Object> seqs(RecordingConnection page) {
        return page.sent().stream().map(text -> json.decode(text).get("seq")).toList();
    }

    @Test
    void aPageThatMovesNodesWithinTheWindowGetsEveryMessageItMissed() {
        RecordingConnection onA = new RecordingConnection();
        nodeA.connect(onA, "move1");
        for (int n = 1; n <= 3; n++) {
            nodeA.sendToSession("move1", Map.of("n", n));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> onA.sent().size() == 3);
        nodeA.disconnect(onA);
        time.advance(Duration.ofSeconds(20));
        nodeA.sendToSession("move1", Map.of("n", 4));

        RecordingConnection onB = new RecordingConnection();
        nodeB.reconnect(onB, "move1", 1);

        assertThat(seqs(onB)).containsExactly(2, 3, 4);
    }

    @Test
    void messagesOlderThanTheResumeWindowByTheInjectedClockAreNotReplayed() {
        RecordingConnection onA = new RecordingConnection(); // keeps the session alive throughout
        nodeA.connect(onA, "old1");
        for (int n = 1; n <= 3; n++) {
            nodeA.sendToSession("old1", Map.of("n", n));
        }
        time.advance(Duration.ofSeconds(20));
        nodeA.sendToSession("old1", Map.of("n", 4));
        time.advance(Duration.ofSeconds(15)); // messages 1-3 are now 35 s old, 4 is 15 s old

        RecordingConnection onB = new RecordingConnection(); // a tab that saw seq 1 comes back on B
        nodeB.reconnect(onB, "old1", 1);

        assertThat(onB.sent().get(0)).isEqualTo("{\"type\":\"resync\",\"seq\":3}");
        assertThat(seqs(onB)).containsExactly(3, 4);
    }
}
