package io.mcpui.connection.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The adapter's module exports its API package only. */
class ModuleBoundaryTest {

    @Test
    void onlyTheApiPackageIsExported() {
        ModuleDescriptor module = ManagedWebSocketCreator.class.getModule().getDescriptor();

        assertThat(module.name()).isEqualTo("io.mcpui.connection.jetty");
        assertThat(module.exports())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactly("io.mcpui.connection.jetty");
    }
}
