package io.mcpui.connection.jetty;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.jetty.internal.JettySchedulerAdapter;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.websocket.HandshakeGate;
import io.mcpui.connection.websocket.ManagedSocket;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.connection.websocket.WebSocketStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts WebSocket upgrades for a {@link ConnectionManager}: each upgraded WebSocket becomes a
 * connection of the manager, under the session named by the {@code session_id} query parameter
 * (none: broadcast-only), resuming after {@code last_seq} when the page sends one. Map it on a
 * Jetty {@code ServerWebSocketContainer}:
 *
 * <pre>{@code
 * WebSocketUpgradeHandler.from(server, context, container ->
 *         container.addMapping("/ws", new ManagedWebSocketCreator(manager, WebSocketOptions.defaults())));
 * }</pre>
 *
 * <p>Before upgrading it refuses what its {@link HandshakeGate} refuses, with an HTTP status and a
 * message: an address that connects too often (429), a browser page of a foreign origin (403)
 * unless it presents a view token for its session, a malformed {@code last_seq} (400) and, when
 * given {@link SessionTokens}, a session id without a valid {@code token} (403). After the
 * upgrade each WebSocket is a {@link ManagedSocket}: text frames go to {@link
 * ConnectionManager#receive}, a binary frame closes its connection with 1003, closes and transport
 * errors disconnect, and the server pings every page on {@link WebSocketOptions#pingInterval()}
 * and drops one that shows no life within {@link WebSocketOptions#pongTimeout()}. Thread-safe; one
 * creator may serve many mappings of the same manager.
 */
public final class ManagedWebSocketCreator implements WebSocketCreator {

    private static final Logger log = LoggerFactory.getLogger(ManagedWebSocketCreator.class);

    /** The query parameter that carries the session id. */
    public static final String SESSION_ID_PARAMETER = HandshakeGate.SESSION_ID_PARAMETER;

    /** The query parameter that carries the session's token. */
    public static final String TOKEN_PARAMETER = HandshakeGate.TOKEN_PARAMETER;

    /** The query parameter with the last {@code seq} a reconnecting page received. */
    public static final String LAST_SEQ_PARAMETER = HandshakeGate.LAST_SEQ_PARAMETER;

    private final ConnectionManager manager;
    private final WebSocketOptions options;
    private final HandshakeGate gate;
    private final @Nullable Scheduler scheduler;

    /** Accepts WebSockets for {@code manager} with any session id the page chooses (open mode). */
    public ManagedWebSocketCreator(ConnectionManager manager, WebSocketOptions options) {
        this(manager, options, null);
    }

    /**
     * Accepts WebSockets for {@code manager}; with {@code tokens}, only for session ids that come
     * with a valid token ({@code null}: open mode, any id). Pings and the handshake rate are timed
     * on Jetty's scheduler and the system clock.
     */
    public ManagedWebSocketCreator(
            ConnectionManager manager, WebSocketOptions options, @Nullable SessionTokens tokens) {
        this(manager, options, tokens, null);
    }

    /**
     * As {@link #ManagedWebSocketCreator(ConnectionManager, WebSocketOptions, SessionTokens)},
     * with pings, pong checks and the handshake rate timed on {@code scheduler} ({@code null}:
     * Jetty's scheduler and the system clock), so that tests can move time by hand.
     */
    public ManagedWebSocketCreator(
            ConnectionManager manager,
            WebSocketOptions options,
            @Nullable SessionTokens tokens,
            @Nullable Scheduler scheduler) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.options = Objects.requireNonNull(options, "options");
        this.gate = new HandshakeGate(options, tokens);
        this.scheduler = scheduler;
    }

    @Override
    public @Nullable Object createWebSocket(
            ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        Scheduler time = scheduler != null
                ? scheduler
                : new JettySchedulerAdapter(request.getComponents().getScheduler());
        SocketAddress client = clientAddress(request);
        HandshakeGate.Handshake handshake = new HandshakeGate.Handshake(
                query.getValue(SESSION_ID_PARAMETER),
                query.getValue(TOKEN_PARAMETER),
                query.getValue(LAST_SEQ_PARAMETER),
                request.getHeaders().get(HttpHeader.ORIGIN),
                request.getHeaders().get(HttpHeader.HOST),
                client instanceof InetSocketAddress address ? address.getAddress() : null,
                time.nanoTime());
        HandshakeGate.Refusal refusal = gate.check(handshake);
        if (refusal != null) {
            log.debug("Refused a WebSocket handshake from {}: {}", client, refusal.message());
            if (refusal.retryAfterSeconds() > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(refusal.retryAfterSeconds()));
            }
            Response.writeError(request, response, callback, refusal.status(), refusal.message());
            return null;
        }
        if (!options.compression()) {
            response.setExtensions(List.of());
        }
        ManagedSocket socket =
                new ManagedSocket(manager, handshake.sessionId(), HandshakeGate.lastSeq(handshake), gate, time, client);
        socket.register(); // before the handshake completes: reachable from the first frame
        return new JettyConnection(socket, options);
    }

    /** Counters of what this creator refused or dropped. */
    public WebSocketStats stats() {
        return gate.stats();
    }

    /** The client's address: the peer's, or, behind a trusted proxy, the one it forwarded. */
    private @Nullable SocketAddress clientAddress(Request request) {
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(peer instanceof InetSocketAddress address) || address.getAddress() == null) {
            return peer;
        }
        InetAddress client = gate.clientAddress(
                address.getAddress(),
                joined(request, HttpHeader.FORWARDED),
                joined(request, HttpHeader.X_FORWARDED_FOR));
        return client.equals(address.getAddress()) ? peer : new InetSocketAddress(client, 0);
    }

    private static @Nullable String joined(Request request, HttpHeader header) {
        List<String> values = request.getHeaders().getValuesList(header);
        return values.isEmpty() ? null : String.join(",", values);
    }
}
