/**
 * The session-aware WebSocket connection manager. Exports its API ({@code io.mcpui.connection})
 * and the SPI that transports and backplanes implement ({@code io.mcpui.connection.spi}); the
 * implementation ({@code io.mcpui.connection.internal}) stays inside.
 */
module io.mcpui.connection {
    requires transitive org.jspecify;
    requires tools.jackson.databind;
    requires org.slf4j;

    exports io.mcpui.connection;
    exports io.mcpui.connection.spi;
}
