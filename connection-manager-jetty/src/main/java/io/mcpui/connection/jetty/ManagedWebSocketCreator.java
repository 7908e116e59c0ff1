package io.mcpui.connection.jetty;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.jetty.internal.JettyConnection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Accepts WebSocket upgrades for a {@link ConnectionManager}: each upgraded WebSocket becomes a
 * connection of the manager, under the session named by the {@code session_id} query parameter
 * (none: broadcast-only). Map it on a Jetty {@code ServerWebSocketContainer}:
 *
 * <pre>{@code
 * WebSocketUpgradeHandler.from(server, context, container ->
 *         container.addMapping("/ws", new ManagedWebSocketCreator(manager, WebSocketOptions.defaults())));
 * }</pre>
 *
 * <p>Text frames go to {@link ConnectionManager#receive}; a binary frame closes its connection
 * with 1003, since the protocol is JSON text; close and transport errors disconnect. The server
 * pings every page on {@link WebSocketOptions#pingInterval()} and drops one that shows no life
 * within {@link WebSocketOptions#pongTimeout()}. Thread-safe; one creator may serve many
 * mappings of the same manager.
 */
public final class ManagedWebSocketCreator implements WebSocketCreator {

    /** The query parameter that carries the session id. */
    public static final String SESSION_ID_PARAMETER = "session_id";

    private final ConnectionManager manager;
    private final WebSocketOptions options;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder binaryFramesRefused = new LongAdder();

    /** Accepts WebSockets for {@code manager}, configured by {@code options}. */
    public ManagedWebSocketCreator(ConnectionManager manager, WebSocketOptions options) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (!options.compression()) {
            response.setExtensions(List.of());
        }
        String sessionId = Request.extractQueryParameters(request).getValue(SESSION_ID_PARAMETER);
        return new JettyConnection(
                manager, sessionId, options, request.getComponents().getScheduler(), evictions, binaryFramesRefused);
    }

    /** Connections dropped because they did not answer a ping in time. */
    public long evictions() {
        return evictions.sum();
    }

    /** Connections closed because they sent a binary frame. */
    public long binaryFramesRefused() {
        return binaryFramesRefused.sum();
    }
}
