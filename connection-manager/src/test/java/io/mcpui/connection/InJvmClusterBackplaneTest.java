package io.mcpui.connection;

import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.testkit.BackplaneContractTest;
import io.mcpui.connection.testkit.InJvmCluster;

/** The backplane contract on the in-JVM cluster: proves the SPI carries what a cluster needs. */
class InJvmClusterBackplaneTest extends BackplaneContractTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @Override
    protected Backplane newNodeBackplane() {
        return cluster.newNode();
    }
}
