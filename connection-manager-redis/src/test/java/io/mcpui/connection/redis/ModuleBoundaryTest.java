package io.mcpui.connection.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The backplane's module exports its API package only; its internals are opened to Jackson alone. */
class ModuleBoundaryTest {

    @Test
    void onlyTheApiPackageIsExported() {
        ModuleDescriptor module = RedisBackplane.class.getModule().getDescriptor();

        assertThat(module.name()).isEqualTo("io.mcpui.connection.redis");
        assertThat(module.exports())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactly("io.mcpui.connection.redis");
        assertThat(module.opens())
                .allSatisfy(opened -> assertThat(opened.targets()).containsExactly("tools.jackson.databind"));
    }
}
