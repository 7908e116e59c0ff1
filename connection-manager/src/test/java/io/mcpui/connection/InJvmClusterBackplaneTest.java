package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.testkit.BackplaneContractTest;
import io.mcpui.connection.testkit.InJvmCluster;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backplane contract on the in-JVM cluster: proves the SPI carries what a cluster needs. Plus
 * what a manager does when the links between nodes are cut, which the in-JVM cluster can do at
 * will (the Redis backplane's outage tests stop a real Redis).
 */
class InJvmClusterBackplaneTest extends BackplaneContractTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @Override
    protected Backplane newNodeBackplane() {
        return cluster.newNode();
    }

    @Test
    void sendDeliveredHereStandsWhenTheOtherNodesCannotBeReached() {
        RecordingConnection here = connect(nodeA, "abc7");
        RecordingConnection there = connect(nodeB, "abc7");
        awaitSessionVisible(nodeA, "abc7");
        cluster.sever(true);

        // Throwing would make the caller retry and duplicate the message on this node's tab.
        int reached = nodeA.sendToSession("abc7", Map.of("type", "x"));

        assertThat(reached).isEqualTo(1);
        assertThat(here.sent()).containsExactly("{\"type\":\"x\",\"seq\":1}");
        assertThat(there.sent()).isEmpty();
    }

    @Test
    void sendToASessionOnlyOtherNodesHoldFailsClearlyWhenTheyCannotBeReached() {
        RecordingConnection there = connect(nodeB, "abc7");
        awaitSessionVisible(nodeA, "abc7");
        cluster.sever(true);

        assertThatThrownBy(() -> nodeA.sendToSession("abc7", Map.of("type", "x")))
                .isInstanceOf(ClusterUnavailableException.class);
        assertThat(nodeA.request("abc7", Map.of("type", "q"), Duration.ofSeconds(5)))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(ClusterUnavailableException.class);
        assertThat(there.sent()).isEmpty();
    }

    @Test
    void broadcastReachesThisNodeWhenTheOtherNodesCannotBeReached() {
        RecordingConnection here = connect(nodeA, "aaa1");
        RecordingConnection there = connect(nodeB, "bbb2");
        cluster.sever(true);

        assertThat(nodeA.broadcast(Map.of("type", "hello"))).isEqualTo(1);
        assertThat(here.sent()).containsExactly("{\"type\":\"hello\"}");
        assertThat(there.sent()).isEmpty();
    }
}
