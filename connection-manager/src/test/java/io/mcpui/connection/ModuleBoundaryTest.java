package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.spi.Backplane;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The library's module exports its API, its SPI and what WebSocket adapters share, and nothing of
 * its implementation.
 */
class ModuleBoundaryTest {

    @Test
    void onlyTheApiSpiAndAdapterPackagesAreExported() {
        ModuleDescriptor module = ConnectionManager.class.getModule().getDescriptor();

        assertThat(module.name()).isEqualTo("io.mcpui.connection");
        assertThat(module.exports())
                .allSatisfy(export -> assertThat(export.isQualified()).isFalse())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder(
                        "io.mcpui.connection", "io.mcpui.connection.spi", "io.mcpui.connection.websocket");
    }

    @Test
    void theDefaultsAreReachableThroughTheApi() {
        Backplane inProcess = Backplane.inProcess();

        assertThat(inProcess.getClass().getModule()).isEqualTo(ConnectionManager.class.getModule());
        assertThat(inProcess
                        .getClass()
                        .getModule()
                        .isExported(inProcess.getClass().getPackageName()))
                .isFalse();
    }
}
