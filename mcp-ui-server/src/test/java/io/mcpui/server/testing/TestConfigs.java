package io.mcpui.server.testing;

import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.server.ServerConfig;
import io.mcpui.server.ServerConfigBuilder;
import java.nio.file.Path;

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

    /**
     * As {@link #server()}, with the Strudel editor served from the npm copy the build installed
     * (under {@code /vendor/}): browser tests load nothing from a CDN.
     */
    public static ServerConfigBuilder serverWithStrudelEditor() {
        Path editor = Path.of(System.getProperty("node.dir", "target/node")).resolve("node_modules/@strudel/repl/dist");
        return server().vendorDir(editor).appSetting("strudel-repl-url", "/vendor/index.js");
    }
}
