package io.mcpui.bench.server;

import org.eclipse.jetty.websocket.server.WebSocketCreator;

/** One way of serving the control protocol. */
interface Variant extends AutoCloseable {

    /** Makes the endpoint of each upgraded WebSocket. */
    WebSocketCreator creator();

    /** Open WebSockets now. */
    int connections();

    @Override
    default void close() {}
}
