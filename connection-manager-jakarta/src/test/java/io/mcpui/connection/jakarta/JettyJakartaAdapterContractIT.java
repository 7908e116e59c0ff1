package io.mcpui.connection.jakarta;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.testkit.WebSocketAdapterContract;
import io.mcpui.connection.websocket.WebSocketOptions;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The Jakarta adapter keeps the contract of every WebSocket adapter on Jetty's own Jakarta
 * WebSocket container (ee11), the one a WAR on Jetty gets.
 */
class JettyJakartaAdapterContractIT extends WebSocketAdapterContract {

    @Override
    protected Adapter start(ConnectionManager manager, WebSocketOptions options, @Nullable SessionTokens tokens)
            throws Exception {
        ManagedWebSocketServlet servlet = new ManagedWebSocketServlet(manager, options, tokens);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServlet(new ServletHolder(servlet), "/ws");
        server.setHandler(context);
        server.start();
        return adapter(connector::getLocalPort, servlet::stats, server::stop);
    }
}
