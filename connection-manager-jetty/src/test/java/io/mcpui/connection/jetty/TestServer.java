package io.mcpui.connection.jetty;

import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/** A real Jetty server on a free loopback port, with WebSocket mappings, for tests. */
public final class TestServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    private TestServer(Consumer<ServerWebSocketContainer> mappings, int sendBufferSize) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        if (sendBufferSize > 0) {
            connector.setAcceptedSendBufferSize(sendBufferSize);
        }
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(server, context, mappings));
        server.setHandler(context);
        server.start();
    }

    /** Starts a server with the given WebSocket mappings. */
    public static TestServer start(Consumer<ServerWebSocketContainer> mappings) throws Exception {
        return new TestServer(mappings, 0);
    }

    /**
     * Starts a server whose sockets have a small send buffer, so that a client that stops
     * reading pushes back after kilobytes instead of megabytes.
     */
    public static TestServer startWithSendBuffer(Consumer<ServerWebSocketContainer> mappings, int bytes)
            throws Exception {
        return new TestServer(mappings, bytes);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** A {@code ws://} URI on this server. */
    public URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
