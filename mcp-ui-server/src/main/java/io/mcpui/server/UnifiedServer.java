package io.mcpui.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * One embedded Jetty server hosting every app on one port. Build it with a {@link ServerConfig},
 * {@link #start()} it, {@link #close()} it. Not thread-safe to start and stop concurrently; safe
 * to query once started.
 */
public final class UnifiedServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    public UnifiedServer(ServerConfig config) {
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("health", new HealthServlet()), "/health");
        // WebSocket upgrades on mapped paths; every other request goes on to the servlets.
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {});
        webSockets.setHandler(context);
        server.setHandler(webSockets);
    }

    /** Starts listening. */
    public UnifiedServer start() throws Exception {
        server.start();
        return this;
    }

    /** The port the server listens on (useful when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:8002}. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + host + ":" + port());
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class HealthServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":\"ok\"}");
        }
    }
}
