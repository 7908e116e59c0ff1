package io.mcpui.connection.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster when things go wrong: Redis restarts, nodes die, pages move between nodes. */
class RedisFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final JsonCodec json = JsonCodec.jackson();
    private final String namespace = "faults-" + UUID.randomUUID();
    private final List<ConnectionManager> nodes = new ArrayList<>();
    private final List<RedisCluster> clients = new ArrayList<>();
    private final List<RedisClient> probes = new ArrayList<>();
    private RedisProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        nodes.forEach(ConnectionManager::close);
        clients.forEach(RedisCluster::close);
        probes.forEach(RedisClient::shutdown);
        redis.close();
    }

    private ConnectionManager node(Duration heartbeat, Duration nodeTtl) {
        RedisCluster client = RedisCluster.connect(redis.url(), Duration.ofSeconds(2));
        clients.add(client);
        ConnectionManager node = ConnectionManager.builder()
                .backplane(client.backplane(RedisBackplaneOptions.builder()
                        .namespace(namespace)
                        .liveness(heartbeat, nodeTtl)
                        .build()))
                .build();
        nodes.add(node);
        return node;
    }

    private ConnectionManager node() {
        return node(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    private static void awaitVisible(ConnectionManager node, String sessionId) {
        await().atMost(WAIT).until(() -> node.getSessionIds().contains(sessionId));
    }

    private List<Long> seqs(RecordingConnection page) {
        return page.sent().stream()
                .map(text -> ((Number) json.decode(text).get("seq")).longValue())
                .toList();
    }

    @Test
    void whileRedisIsDownSendsAreRefusedAndAfterARestartThatLostEverythingTheClusterIsWholeAgain() throws Exception {
        ConnectionManager nodeA = node();
        ConnectionManager nodeC = node();
        RecordingConnection page = new RecordingConnection();
        nodeC.connect(page, "abc7");
        nodeA.sendToSession("abc7", Map.of("type", "before"));
        await().atMost(WAIT).until(() -> page.sent().size() == 1);

        redis.stop();

        // Not even this node's own page: the message could not be recorded for it.
        await().atMost(WAIT)
                .untilAsserted(() -> assertThatThrownBy(() -> nodeC.sendToSession("abc7", Map.of("type", "x")))
                        .isInstanceOf(ClusterUnavailableException.class));
        assertThatThrownBy(() -> nodeA.sendToSession("abc7", Map.of("type", "x")))
                .isInstanceOf(ClusterUnavailableException.class);
        CompletableFuture<InboundMessage> request =
                nodeA.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(30));
        assertThatThrownBy(() -> request.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ClusterUnavailableException.class);

        redis.restart(); // without persistence: every key is gone
        long back = System.nanoTime();

        await().atMost(WAIT).ignoreExceptions().until(() -> nodeA.sendToSession("abc7", Map.of("type", "back")) == 1);
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        System.out.println("Cluster back " + recovery.toMillis() + " ms after Redis restarted");
        assertThat(recovery).isLessThan(Duration.ofSeconds(3)); // what the README promises
        await().atMost(WAIT).until(() -> page.sent().size() == 2);
        assertThat(seqs(page)).containsExactly(1L, 2L); // the numbering went on where it was
        RecordingConnection secondTab = new RecordingConnection();
        nodeA.reconnect(secondTab, "abc7", 0); // the history came back from node C
        assertThat(seqs(secondTab)).containsExactly(1L, 2L);
    }

    @Test
    void aNodeThatDiesWithoutAWordLeavesTheViewAndItsPagesGetWhatWasAcceptedMeanwhile() throws Exception {
        ConnectionManager nodeA = node(RedisBackplaneOptions.DEFAULT_HEARTBEAT, RedisBackplaneOptions.DEFAULT_NODE_TTL);
        ConnectionManager doomed =
                node(RedisBackplaneOptions.DEFAULT_HEARTBEAT, RedisBackplaneOptions.DEFAULT_NODE_TTL);
        doomed.connect(new RecordingConnection(), "dead1");
        awaitVisible(nodeA, "dead1");

        nodes.remove(doomed); // it never gets to say goodbye
        clients.get(1).close();
        long diedAt = System.nanoTime();
        nodeA.sendToSession("dead1", Map.of("n", 1)); // accepted: recorded for the page

        await().atMost(Duration.ofSeconds(16))
                .until(() -> !nodeA.getSessionIds().contains("dead1"));
        assertThat(Duration.ofNanos(System.nanoTime() - diedAt)).isLessThanOrEqualTo(Duration.ofSeconds(16));
        nodeA.sendToSession("dead1", Map.of("n", 2));
        RecordingConnection resumed = new RecordingConnection();
        nodeA.reconnect(resumed, "dead1", 0); // the page comes back through another node
        assertThat(seqs(resumed)).containsExactly(1L, 2L);
    }

    @Test
    void pageThatReconnectsToAnotherNodeGetsWhatItMissed() throws Exception {
        ConnectionManager nodeA = node();
        ConnectionManager nodeC = node();
        ConnectionManager nodeD = node();
        RecordingConnection onC = new RecordingConnection();
        nodeC.connect(onC, "move1");
        awaitVisible(nodeA, "move1");
        for (int n = 1; n <= 3; n++) {
            nodeA.sendToSession("move1", Map.of("n", n));
        }
        await().atMost(WAIT).until(() -> onC.sent().size() == 3);

        nodeC.disconnect(onC); // the network dropped: the session waits on C
        await().atMost(WAIT).ignoreExceptions().until(() -> nodeA.sendToSession("move1", Map.of("n", 4)) >= 0);
        nodeA.sendToSession("move1", Map.of("n", 5));
        RedisClient probe = RedisClient.create(redis.url());
        probes.add(probe);
        await().atMost(WAIT).until(() -> probe.connect().sync().llen(namespace + ":history:move1") == 5);

        RecordingConnection onD = new RecordingConnection();
        nodeD.reconnect(onD, "move1", 3);
        awaitVisible(nodeA, "move1");
        nodeA.sendToSession("move1", Map.of("n", 6));

        await().atMost(WAIT).until(() -> onD.sent().size() >= 3);
        assertThat(seqs(onC)).containsExactly(1L, 2L, 3L);
        assertThat(seqs(onD)).containsExactly(4L, 5L, 6L);
        assertThat(onD.sent()).allSatisfy(text -> assertThat(text).doesNotContain("resync"));
    }

    @Test
    void nothingIsDeliveredTwiceAcrossANodeRestart() throws Exception {
        ConnectionManager nodeA = node();
        ConnectionManager nodeC = node();
        RecordingConnection before = new RecordingConnection();
        nodeC.connect(before, "again1");
        awaitVisible(nodeA, "again1");
        for (int n = 1; n <= 3; n++) {
            nodeA.sendToSession("again1", Map.of("n", n));
        }
        await().atMost(WAIT).until(() -> before.sent().size() == 3);

        nodes.remove(nodeC);
        nodeC.close(); // the node restarts: a new process takes its place
        ConnectionManager restarted = node();
        RecordingConnection after = new RecordingConnection();
        restarted.reconnect(after, "again1", 3);
        awaitVisible(nodeA, "again1");
        nodeA.sendToSession("again1", Map.of("n", 4));

        await().atMost(WAIT).until(() -> after.sent().size() >= 1);
        assertThat(seqs(after)).containsExactly(4L);
        assertThat(json.decode(after.sent().get(0))).containsEntry("n", 4);
    }
}
