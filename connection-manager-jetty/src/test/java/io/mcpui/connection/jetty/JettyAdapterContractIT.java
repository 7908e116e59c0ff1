package io.mcpui.connection.jetty;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.testkit.WebSocketAdapterContract;
import io.mcpui.connection.websocket.WebSocketOptions;
import org.jspecify.annotations.Nullable;

/** The Jetty adapter keeps the contract of every WebSocket adapter, on a real Jetty. */
class JettyAdapterContractIT extends WebSocketAdapterContract {

    @Override
    protected Adapter start(ConnectionManager manager, WebSocketOptions options, @Nullable SessionTokens tokens)
            throws Exception {
        ManagedWebSocketCreator creator = new ManagedWebSocketCreator(manager, options, tokens);
        TestServer server = TestServer.start(container -> container.addMapping("/ws", creator));
        return adapter(server::port, creator::stats, server);
    }
}
