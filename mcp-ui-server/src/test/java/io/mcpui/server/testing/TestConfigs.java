package io.mcpui.server.testing;

import io.mcpui.connection.jetty.WebSocketOptions;
import io.mcpui.server.ServerConfig;
import io.mcpui.server.ServerConfigBuilder;

/** Server settings for tests: the defaults on a free port, without the per-address rate limit. */
public final class TestConfigs {

    private TestConfigs() {}

    /**
     * Defaults (signed session tokens included) on port 0. Every test connects from 127.0.0.1, so
     * the per-address handshake limit is off except in the tests about it.
     */
    public static ServerConfigBuilder server() {
        return ServerConfig.builder()
                .port(0)
                .webSockets(WebSocketOptions.builder().connectionRate(0, 0).build());
    }
}
