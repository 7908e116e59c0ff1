package io.mcpui.connection.jakarta;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.websocket.HandshakeGate;
import io.mcpui.connection.websocket.ManagedSocket;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.connection.websocket.WebSocketStats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts WebSocket upgrades for a {@link ConnectionManager} on any servlet container with
 * Jakarta WebSocket 2.1 or later (Tomcat 10.1+, Jetty 12 ee10/ee11, Undertow, Spring Boot on
 * those): each upgraded WebSocket becomes a connection of the manager, under the session named by
 * the {@code session_id} query parameter (none: broadcast-only), resuming after {@code last_seq}
 * when the page sends one. Register it like any servlet, at the WebSocket's path:
 *
 * <pre>{@code
 * context.addServlet("pages", new ManagedWebSocketServlet(manager, WebSocketOptions.defaults(), tokens))
 *         .addMapping("/ws");
 * }</pre>
 *
 * <p>It keeps the guarantees of the Jetty adapter, from the same code: before upgrading it refuses
 * what its {@link HandshakeGate} refuses, with an HTTP status and a message (429 for an address
 * that connects too often, 403 for a foreign origin without a view token or a session without a
 * valid token, 400 for a malformed {@code last_seq}); then it registers the connection before the
 * handshake completes and upgrades with {@link ServerContainer#upgradeHttpToWebSocket}. Each
 * WebSocket is a {@link ManagedSocket}: pinged, evicted when silent, 1003 for binary frames.
 * Where the Jakarta API differs: an evicted page gets a close frame (1011) instead of a dropped
 * TCP connection, since the API cannot drop one, and a message over {@link
 * WebSocketOptions#maxTextMessageSize()} (at most 2 GiB) closes with 1009 as the container does
 * it. Thread-safe.
 */
public final class ManagedWebSocketServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ManagedWebSocketServlet.class);

    private final transient ConnectionManager manager;
    private final transient WebSocketOptions options;
    private final transient HandshakeGate gate;
    private final transient Scheduler scheduler;
    private final boolean ownsScheduler;

    /**
     * Accepts WebSockets for {@code manager}; with {@code tokens}, only for session ids that come
     * with a valid token ({@code null}: open mode, any id). Pings are timed on a scheduler thread
     * of its own, stopped when the servlet is destroyed.
     */
    public ManagedWebSocketServlet(
            ConnectionManager manager, WebSocketOptions options, @Nullable SessionTokens tokens) {
        this(manager, options, tokens, null);
    }

    /**
     * As {@link #ManagedWebSocketServlet(ConnectionManager, WebSocketOptions, SessionTokens)},
     * with pings, pong checks and the handshake rate timed on {@code scheduler} ({@code null}: its
     * own), so that tests can move time by hand.
     */
    public ManagedWebSocketServlet(
            ConnectionManager manager,
            WebSocketOptions options,
            @Nullable SessionTokens tokens,
            @Nullable Scheduler scheduler) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.options = Objects.requireNonNull(options, "options");
        this.gate = new HandshakeGate(options, tokens);
        this.ownsScheduler = scheduler == null;
        this.scheduler = scheduler == null ? Scheduler.system() : scheduler;
    }

    /** Counters of what this servlet refused or dropped. */
    public WebSocketStats stats() {
        return gate.stats();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "this address takes WebSocket connections only");
            return;
        }
        ServerContainer container =
                (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            log.error(
                    "No Jakarta WebSocket container in servlet context {}: enable WebSocket support in the container",
                    request.getServletContext().getContextPath());
            response.sendError(
                    HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "WebSockets are not enabled on this server");
            return;
        }
        InetAddress client = clientAddress(request);
        HandshakeGate.Handshake handshake = new HandshakeGate.Handshake(
                request.getParameter(HandshakeGate.SESSION_ID_PARAMETER),
                request.getParameter(HandshakeGate.TOKEN_PARAMETER),
                request.getParameter(HandshakeGate.LAST_SEQ_PARAMETER),
                request.getHeader("Origin"),
                request.getHeader("Host"),
                client,
                scheduler.nanoTime());
        HandshakeGate.Refusal refusal = gate.check(handshake);
        if (refusal != null) {
            log.debug("Refused a WebSocket handshake from {}: {}", client, refusal.message());
            if (refusal.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
            }
            response.sendError(refusal.status(), refusal.message());
            return;
        }
        SocketAddress address = client == null ? null : new InetSocketAddress(client, request.getRemotePort());
        ManagedSocket socket = new ManagedSocket(
                manager, handshake.sessionId(), HandshakeGate.lastSeq(handshake), gate, scheduler, address);
        socket.register(); // before the handshake completes: reachable from the first frame
        try {
            container.upgradeHttpToWebSocket(request, response, endpointConfig(request, socket), Map.of());
        } catch (DeploymentException | RuntimeException e) {
            socket.onError(e);
            log.warn("Could not upgrade a WebSocket handshake from {}", client, e);
            if (!response.isCommitted()) {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the WebSocket upgrade failed");
            }
        }
    }

    @Override
    public void destroy() {
        if (ownsScheduler && scheduler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Stopping the ping scheduler failed", e);
            }
        }
    }

    /** This WebSocket's endpoint: one {@link ManagedEndpoint} for its socket. */
    private ServerEndpointConfig endpointConfig(HttpServletRequest request, ManagedSocket socket) {
        return ServerEndpointConfig.Builder.create(ManagedEndpoint.class, request.getServletPath())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new ManagedEndpoint(socket, options));
                    }

                    @Override
                    public List<Extension> getNegotiatedExtensions(
                            List<Extension> installed, List<Extension> requested) {
                        // permessage-deflate costs a compressor per connection: only when asked for.
                        return options.compression()
                                ? super.getNegotiatedExtensions(installed, requested)
                                : Collections.emptyList();
                    }
                })
                .build();
    }

    /** The client's address: the peer's, or, behind a trusted proxy, the one it forwarded. */
    private @Nullable InetAddress clientAddress(HttpServletRequest request) {
        InetAddress peer;
        try {
            peer = InetAddress.getByName(request.getRemoteAddr()); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
        return gate.clientAddress(peer, joined(request, "Forwarded"), joined(request, "X-Forwarded-For"));
    }

    private static @Nullable String joined(HttpServletRequest request, String header) {
        List<String> values = Collections.list(request.getHeaders(header));
        return values.isEmpty() ? null : String.join(",", values);
    }
}
