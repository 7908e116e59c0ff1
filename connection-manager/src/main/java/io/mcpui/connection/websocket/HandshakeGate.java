package io.mcpui.connection.websocket;

import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.internal.ConnectionRateLimiter;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Who may open a WebSocket, decided before the upgrade, the same way in every adapter: an address
 * that connects too often (429), a browser page of a foreign origin (403) unless it presents a
 * view token for its session ({@link SessionTokens#issueForView}: an in-chat view on its host's
 * sandbox origin), a malformed {@code last_seq} (400), and, with {@link SessionTokens}, a session
 * id without a valid {@code token} (403). It also counts what the adapter's sockets dropped
 * ({@link #stats()}). Thread-safe; one gate serves one adapter.
 */
public final class HandshakeGate {

    /** The query parameter that carries the session id. */
    public static final String SESSION_ID_PARAMETER = "session_id";

    /** The query parameter that carries the session's token. */
    public static final String TOKEN_PARAMETER = "token";

    /** The query parameter with the last {@code seq} a reconnecting page received. */
    public static final String LAST_SEQ_PARAMETER = "last_seq";

    /**
     * A handshake as the adapter read it from the HTTP upgrade request.
     *
     * @param sessionId the {@code session_id} query parameter, or {@code null} (broadcast only)
     * @param token the {@code token} query parameter
     * @param lastSeq the {@code last_seq} query parameter, as sent
     * @param origin the {@code Origin} header (browsers send it; other clients need not)
     * @param host the {@code Host} header
     * @param client the client's address ({@link #clientAddress}), or {@code null} if unknown
     * @param nanoTime now, on the adapter's clock
     */
    public record Handshake(
            @Nullable String sessionId,
            @Nullable String token,
            @Nullable String lastSeq,
            @Nullable String origin,
            @Nullable String host,
            @Nullable InetAddress client,
            long nanoTime) {}

    /**
     * Why a handshake is refused: the HTTP status to answer and a message for the page's
     * developer.
     *
     * @param status 400, 403 or 429
     * @param message what was wrong and what to do
     * @param retryAfterSeconds the {@code Retry-After} to send, or 0 for none
     */
    public record Refusal(int status, String message, int retryAfterSeconds) {}

    private final WebSocketOptions options;
    private final @Nullable SessionTokens tokens;
    private final @Nullable ConnectionRateLimiter rateLimiter;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder binaryFramesRefused = new LongAdder();
    private final LongAdder refusedForOrigin = new LongAdder();
    private final LongAdder refusedForToken = new LongAdder();
    private final LongAdder refusedForRate = new LongAdder();
    private final LongAdder refusedForBadRequest = new LongAdder();

    /** A gate for {@code options}; with {@code tokens}, session ids need a valid token ({@code null}: open mode). */
    public HandshakeGate(WebSocketOptions options, @Nullable SessionTokens tokens) {
        this.options = Objects.requireNonNull(options, "options");
        this.tokens = tokens;
        this.rateLimiter = options.connectionsPerSecond() == 0
                ? null
                : new ConnectionRateLimiter(options.connectionsPerSecond(), options.connectionBurst());
    }

    /** The options the gate and the adapter's sockets follow. */
    public WebSocketOptions options() {
        return options;
    }

    /** Why {@code handshake} is refused, or {@code null} to let the upgrade go on. */
    public @Nullable Refusal check(Handshake handshake) {
        if (rateLimiter != null
                && handshake.client() != null
                && !rateLimiter.tryAcquire(handshake.client(), handshake.nanoTime())) {
            refusedForRate.increment();
            return new Refusal(429, "too many connections from your address; retry in a second", 1);
        }
        if (handshake.origin() != null
                && !originAllowed(handshake.origin(), handshake.host())
                && !vouchedForView(handshake.sessionId(), handshake.token())) {
            refusedForOrigin.increment();
            return new Refusal(403, "pages of origin " + handshake.origin() + " may not connect here", 0);
        }
        if (handshake.lastSeq() != null && !isNonNegativeLong(handshake.lastSeq())) {
            refusedForBadRequest.increment();
            return new Refusal(400, "last_seq must be a whole number of at least 0", 0);
        }
        if (tokens != null && handshake.sessionId() != null) {
            String token = handshake.token();
            SessionTokens.Verdict verdict =
                    token == null ? SessionTokens.Verdict.INVALID : tokens.check(handshake.sessionId(), token);
            if (verdict != SessionTokens.Verdict.VALID) {
                refusedForToken.increment();
                return new Refusal(
                        403,
                        verdict == SessionTokens.Verdict.EXPIRED
                                ? "the token of this session expired; reload the page"
                                : "no valid token for this session_id; open the page again to get one",
                        0);
            }
        }
        return null;
    }

    /** The {@code seq} a page that {@link #check passed} resumes after, or -1 for none. */
    public static long lastSeq(Handshake handshake) {
        return handshake.lastSeq() == null ? -1 : Long.parseLong(handshake.lastSeq());
    }

    /**
     * The client's address: the peer's, or, when the peer is one of the options' trusted proxies,
     * the one it forwarded ({@code Forwarded} / {@code X-Forwarded-For}, each joined with commas).
     */
    public InetAddress clientAddress(InetAddress peer, @Nullable String forwarded, @Nullable String xForwardedFor) {
        return options.trustedProxies().clientAddress(peer, forwarded, xForwardedFor);
    }

    /** Counters of what this gate refused and what its adapter's sockets dropped. */
    public WebSocketStats stats() {
        return new WebSocketStats(
                evictions.sum(),
                binaryFramesRefused.sum(),
                refusedForOrigin.sum(),
                refusedForToken.sum(),
                refusedForRate.sum(),
                refusedForBadRequest.sum());
    }

    void evicted() {
        evictions.increment();
    }

    void binaryFrameRefused() {
        binaryFramesRefused.increment();
    }

    /**
     * An in-chat view runs on its chat host's sandbox origin, which nobody can list in advance:
     * a view token, issued with the view's session, vouches for it instead. Page tokens do not.
     */
    private boolean vouchedForView(@Nullable String sessionId, @Nullable String token) {
        return tokens != null && sessionId != null && token != null && tokens.isViewToken(sessionId, token);
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
