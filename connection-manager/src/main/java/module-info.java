/**
 * The session-aware WebSocket connection manager. Exports its API ({@code io.mcpui.connection}),
 * the SPI that transports and backplanes implement ({@code io.mcpui.connection.spi}) and what
 * WebSocket adapters share ({@code io.mcpui.connection.websocket}); the
 * implementation ({@code io.mcpui.connection.internal}) stays inside.
 */
module io.mcpui.connection {
    requires transitive org.jspecify;
    requires tools.jackson.databind;
    requires org.slf4j;

    exports io.mcpui.connection;
    exports io.mcpui.connection.spi;
    exports io.mcpui.connection.websocket;
}
