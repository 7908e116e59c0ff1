package io.mcpui.connection.jetty;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.jetty.internal.ConnectionRateLimiter;
import io.mcpui.connection.jetty.internal.JettySchedulerAdapter;
import io.mcpui.connection.spi.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
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
 * <p>Before upgrading it refuses, with an HTTP status and a message: an address that connects too
 * often (429), a browser page of a foreign origin (403) unless it presents a view token for its
 * session ({@link SessionTokens#issueForView}: an in-chat view on its host's sandbox origin), and,
 * when given {@link SessionTokens}, a session id without a valid {@code token} (403). After the upgrade, text frames go to {@link
 * ConnectionManager#receive}; a binary frame closes its connection with 1003, since the protocol
 * is JSON text; closes and transport errors disconnect. The server pings every page on {@link
 * WebSocketOptions#pingInterval()} and drops one that shows no life within {@link
 * WebSocketOptions#pongTimeout()}. Thread-safe; one creator may serve many mappings of the same
 * manager.
 */
public final class ManagedWebSocketCreator implements WebSocketCreator {

    private static final Logger log = LoggerFactory.getLogger(ManagedWebSocketCreator.class);

    /** The query parameter that carries the session id. */
    public static final String SESSION_ID_PARAMETER = "session_id";

    /** The query parameter that carries the session's token. */
    public static final String TOKEN_PARAMETER = "token";

    /** The query parameter with the last {@code seq} a reconnecting page received. */
    public static final String LAST_SEQ_PARAMETER = "last_seq";

    private final ConnectionManager manager;
    private final WebSocketOptions options;
    private final @Nullable SessionTokens tokens;
    private final @Nullable ConnectionRateLimiter rateLimiter;
    private final @Nullable Scheduler scheduler;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder binaryFramesRefused = new LongAdder();
    private final LongAdder refusedForOrigin = new LongAdder();
    private final LongAdder refusedForToken = new LongAdder();
    private final LongAdder refusedForRate = new LongAdder();
    private final LongAdder refusedForBadRequest = new LongAdder();

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
        this.tokens = tokens;
        this.scheduler = scheduler;
        this.rateLimiter = options.connectionsPerSecond() == 0
                ? null
                : new ConnectionRateLimiter(options.connectionsPerSecond(), options.connectionBurst());
    }

    @Override
    public @Nullable Object createWebSocket(
            ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        String sessionId = query.getValue(SESSION_ID_PARAMETER);
        Scheduler time = scheduler != null
                ? scheduler
                : new JettySchedulerAdapter(request.getComponents().getScheduler());
        if (refused(request, query, sessionId, time, response, callback)) {
            return null;
        }
        if (!options.compression()) {
            response.setExtensions(List.of());
        }
        String lastSeq = query.getValue(LAST_SEQ_PARAMETER);
        JettyConnection connection = new JettyConnection(
                manager,
                sessionId,
                lastSeq == null ? -1 : Long.parseLong(lastSeq),
                options,
                time,
                evictions,
                binaryFramesRefused,
                clientAddress(request));
        connection.register(); // before the handshake completes: reachable from the first frame
        return connection;
    }

    /** Counters of what this creator refused or dropped. */
    public WebSocketStats stats() {
        return new WebSocketStats(
                evictions.sum(),
                binaryFramesRefused.sum(),
                refusedForOrigin.sum(),
                refusedForToken.sum(),
                refusedForRate.sum(),
                refusedForBadRequest.sum());
    }

    /** Writes a refusal and returns {@code true}, or returns {@code false} to let the upgrade go on. */
    private boolean refused(
            ServerUpgradeRequest request,
            Fields query,
            @Nullable String sessionId,
            Scheduler time,
            ServerUpgradeResponse response,
            Callback callback) {
        SocketAddress remote = clientAddress(request);
        if (rateLimiter != null
                && remote instanceof InetSocketAddress address
                && !rateLimiter.tryAcquire(address.getAddress(), time.nanoTime())) {
            refusedForRate.increment();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            return refuse(
                    request, response, callback, 429, "too many connections from your address; retry in a second");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null
                && !originAllowed(origin, request.getHeaders().get(HttpHeader.HOST))
                && !vouchedForView(sessionId, query.getValue(TOKEN_PARAMETER))) {
            refusedForOrigin.increment();
            return refuse(request, response, callback, 403, "pages of origin " + origin + " may not connect here");
        }
        String lastSeq = query.getValue(LAST_SEQ_PARAMETER);
        if (lastSeq != null && !isNonNegativeLong(lastSeq)) {
            refusedForBadRequest.increment();
            return refuse(request, response, callback, 400, "last_seq must be a whole number of at least 0");
        }
        if (tokens != null && sessionId != null) {
            String token = query.getValue(TOKEN_PARAMETER);
            SessionTokens.Verdict verdict =
                    token == null ? SessionTokens.Verdict.INVALID : tokens.check(sessionId, token);
            if (verdict != SessionTokens.Verdict.VALID) {
                refusedForToken.increment();
                return refuse(
                        request,
                        response,
                        callback,
                        403,
                        verdict == SessionTokens.Verdict.EXPIRED
                                ? "the token of this session expired; reload the page"
                                : "no valid token for this session_id; open the page again to get one");
            }
        }
        return false;
    }

    /**
     * Answers the handshake with an error and returns {@code true}; the creator's callback
     * completes when it is written.
     */
    private boolean refuse(Request request, Response response, Callback callback, int status, String message) {
        log.debug("Refused a WebSocket handshake from {}: {}", clientAddress(request), message);
        Response.writeError(request, response, callback, status, message);
        return true;
    }

    /**
     * An in-chat view runs on its chat host's sandbox origin, which nobody can list in advance:
     * a view token, issued with the view's session, vouches for it instead. Page tokens do not.
     */
    private boolean vouchedForView(@Nullable String sessionId, @Nullable String token) {
        return tokens != null && sessionId != null && token != null && tokens.isViewToken(sessionId, token);
    }

    /** The client's address: the peer's, or, behind a trusted proxy, the one it forwarded. */
    private @Nullable SocketAddress clientAddress(Request request) {
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(peer instanceof InetSocketAddress address) || address.getAddress() == null) {
            return peer;
        }
        InetAddress client = options.trustedProxies()
                .clientAddress(
                        address.getAddress(),
                        joined(request, HttpHeader.FORWARDED),
                        joined(request, HttpHeader.X_FORWARDED_FOR));
        return client.equals(address.getAddress()) ? peer : new InetSocketAddress(client, 0);
    }

    private static @Nullable String joined(Request request, HttpHeader header) {
        List<String> values = request.getHeaders().getValuesList(header);
        return values.isEmpty() ? null : String.join(",", values);
    }

    private boolean originAllowed(String origin, @Nullable String host) {
        if (options.allowedOrigins().contains("*") || options.allowedOrigins().contains(origin)) {
            return true;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return host != null
                    && authority != null
                    && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isNonNegativeLong(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
