/** The Jetty 12 WebSocket adapter of the connection manager. Exports its API only. */
module io.mcpui.connection.jetty {
    requires transitive io.mcpui.connection;
    requires transitive org.eclipse.jetty.websocket.server;
    requires org.eclipse.jetty.websocket.api;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.http;
    requires org.slf4j;

    exports io.mcpui.connection.jetty;
}
