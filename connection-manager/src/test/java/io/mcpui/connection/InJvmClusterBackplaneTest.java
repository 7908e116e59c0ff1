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
 * what a manager does when its link to the cluster is cut, which the in-JVM cluster can do at will
 * (the Redis backplane's outage tests stop a real Redis).
 */
class InJvmClusterBackplaneTest extends BackplaneContractTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @Override
    protected Backplane newNodeBackplane() {
        return cluster.newNode();
    }

    @Test
    void whileTheClusterIsUnreachableSendsAreRefusedNotAcceptedAndLost() {
        RecordingConnection here = connect(nodeA, "abc7");
        RecordingConnection there = connect(nodeB, "abc7");
        cluster.sever(true);

        // Accepting it for this node's tab alone would leave it out of the cluster's history.
        assertThatThrownBy(() -> nodeA.sendToSession("abc7", Map.of("type", "x")))
                .isInstanceOf(ClusterUnavailableException.class);
        assertThat(nodeA.request("abc7", Map.of("type", "q"), Duration.ofSeconds(5)))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(ClusterUnavailableException.class);
        assertThat(here.sent()).isEmpty();
        assertThat(there.sent()).isEmpty();
    }

    @Test
    void aPageNewToThisNodeIsAskedToTryAgainWhileTheClusterIsUnreachable() {
        cluster.sever(true);
        RecordingConnection page = new RecordingConnection();

        assertThatThrownBy(() -> nodeA.connect(page, "new8")).isInstanceOf(ClusterUnavailableException.class);
        assertThat(page.closeCode()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
        assertThat(nodeA.getConnectionCount()).isZero();
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
