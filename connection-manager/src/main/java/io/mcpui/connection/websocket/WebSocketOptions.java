package io.mcpui.connection.websocket;

import io.mcpui.connection.TrustedProxies;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable transport settings of the WebSockets an adapter accepts (the Jetty adapter's
 * {@code ManagedWebSocketCreator}, the Jakarta adapter's {@code ManagedWebSocketServlet}).
 * Build with {@link #builder()}; defaults are the {@code DEFAULT_*} constants. Thread-safe.
 *
 * @param idleTimeout how long a connection may go without any frame in either direction before
 *     Jetty closes it
 * @param maxTextMessageSize the largest text message a page may send, in bytes; a larger one
 *     closes the connection with 1009 (message too big)
 * @param pingInterval how often the server pings each page; {@link Duration#ZERO} turns pings
 *     (and so the pong check) off
 * @param pongTimeout how long after a ping the server waits for the page to show life (a pong
 *     or any other frame) before it drops the connection as dead
 * @param compression whether to accept permessage-deflate; off by default because it costs a
 *     compressor per connection and compresses a broadcast once per connection
 * @param allowedOrigins browser origins (e.g. {@code https://app.example.com}) allowed to open
 *     WebSockets besides the server's own; {@code *} allows any. A handshake from a browser page
 *     of another origin is refused with HTTP 403; one without an {@code Origin} header (not a
 *     browser) is allowed
 * @param connectionsPerSecond how many WebSocket handshakes one client address may make per
 *     second on average; {@code 0} turns the limit off. Beyond it: HTTP 429
 * @param connectionBurst how many handshakes one address may make at once before the rate applies
 * @param trustedProxies the load balancers whose {@code Forwarded} / {@code X-Forwarded-For}
 *     headers name the client's address, for the handshake limit and logs; none by default
 */
public record WebSocketOptions(
        Duration idleTimeout,
        long maxTextMessageSize,
        Duration pingInterval,
        Duration pongTimeout,
        boolean compression,
        Set<String> allowedOrigins,
        int connectionsPerSecond,
        int connectionBurst,
        TrustedProxies trustedProxies) {

    /** Default {@link #idleTimeout()}: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Default {@link #maxTextMessageSize()}: 1 MiB (page-data replies can be large). */
    public static final long DEFAULT_MAX_TEXT_MESSAGE_SIZE = 1024 * 1024;

    /** Default {@link #pingInterval()}: 25 seconds. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);

    /** Default {@link #pongTimeout()}: 20 seconds. */
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(20);

    /** Default {@link #connectionsPerSecond()}: 20 per client address. */
    public static final int DEFAULT_CONNECTIONS_PER_SECOND = 20;

    /** Default {@link #connectionBurst()}: 50 per client address. */
    public static final int DEFAULT_CONNECTION_BURST = 50;

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException if a timeout or size is not positive, or the ping
     *     interval is negative
     */
    public WebSocketOptions {
        requirePositive("idleTimeout", idleTimeout);
        requirePositiveSize(maxTextMessageSize);
        requireZeroOrPositive(pingInterval);
        requirePositive("pongTimeout", pongTimeout);
        allowedOrigins = Set.copyOf(allowedOrigins);
        requireRate(connectionsPerSecond, connectionBurst);
        Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    /** The defaults. */
    public static WebSocketOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .idleTimeout(idleTimeout)
                .maxTextMessageSize(maxTextMessageSize)
                .pingInterval(pingInterval)
                .pongTimeout(pongTimeout)
                .compression(compression)
                .allowedOrigins(allowedOrigins)
                .connectionRate(connectionsPerSecond, connectionBurst)
                .trustedProxies(trustedProxies);
    }

    private static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value;
    }

    private static long requirePositiveSize(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("maxTextMessageSize must be positive, was " + value);
        }
        return value;
    }

    private static void requireRate(int perSecond, int burst) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("connectionsPerSecond must be zero (off) or positive, was " + perSecond);
        }
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("connectionBurst must be at least 1, was " + burst);
        }
    }

    private static Duration requireZeroOrPositive(Duration value) {
        Objects.requireNonNull(value, "pingInterval");
        if (value.isNegative()) {
            throw new IllegalArgumentException("pingInterval must be zero (off) or positive, was " + value);
        }
        return value;
    }

    /** Collects values for {@link WebSocketOptions}, checking each where it is set. Not thread-safe. */
    public static final class Builder {
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private long maxTextMessageSize = DEFAULT_MAX_TEXT_MESSAGE_SIZE;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;
        private boolean compression;
        private Set<String> allowedOrigins = Set.of();
        private int connectionsPerSecond = DEFAULT_CONNECTIONS_PER_SECOND;
        private int connectionBurst = DEFAULT_CONNECTION_BURST;
        private TrustedProxies trustedProxies = TrustedProxies.none();

        private Builder() {}

        /** Sets {@link WebSocketOptions#idleTimeout()}; throws IllegalArgumentException if not positive. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = requirePositive("idleTimeout", value);
            return this;
        }

        /** Sets {@link WebSocketOptions#maxTextMessageSize()}; throws IllegalArgumentException if not positive. */
        public Builder maxTextMessageSize(long value) {
            this.maxTextMessageSize = requirePositiveSize(value);
            return this;
        }

        /** Sets {@link WebSocketOptions#pingInterval()}; throws IllegalArgumentException if negative; zero turns pings off. */
        public Builder pingInterval(Duration value) {
            this.pingInterval = requireZeroOrPositive(value);
            return this;
        }

        /** Sets {@link WebSocketOptions#pongTimeout()}; throws IllegalArgumentException if not positive. */
        public Builder pongTimeout(Duration value) {
            this.pongTimeout = requirePositive("pongTimeout", value);
            return this;
        }

        /** Whether to accept permessage-deflate. */
        public Builder compression(boolean value) {
            this.compression = value;
            return this;
        }

        /** Origins allowed besides the server's own; {@code *} allows any. */
        public Builder allowedOrigins(Set<String> value) {
            this.allowedOrigins = Set.copyOf(value);
            return this;
        }

        /**
         * Handshakes per second and burst per client address; {@code perSecond} 0 turns it off.
         *
         * @throws IllegalArgumentException if {@code perSecond} is negative or {@code burst} below 1
         */
        public Builder connectionRate(int perSecond, int burst) {
            requireRate(perSecond, burst);
            this.connectionsPerSecond = perSecond;
            this.connectionBurst = burst;
            return this;
        }

        /** Sets {@link WebSocketOptions#trustedProxies()}. */
        public Builder trustedProxies(TrustedProxies value) {
            this.trustedProxies = Objects.requireNonNull(value, "trustedProxies");
            return this;
        }

        /** The options collected so far. */
        public WebSocketOptions build() {
            return new WebSocketOptions(
                    idleTimeout,
                    maxTextMessageSize,
                    pingInterval,
                    pongTimeout,
                    compression,
                    allowedOrigins,
                    connectionsPerSecond,
                    connectionBurst,
                    trustedProxies);
        }
    }
}
