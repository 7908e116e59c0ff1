package io.mcpui.connection.jetty;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable transport settings of the WebSockets a {@link ManagedWebSocketCreator} accepts.
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
 */
public record WebSocketOptions(
        Duration idleTimeout,
        long maxTextMessageSize,
        Duration pingInterval,
        Duration pongTimeout,
        boolean compression) {

    /** Default {@link #idleTimeout()}: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Default {@link #maxTextMessageSize()}: 1 MiB (page-data replies can be large). */
    public static final long DEFAULT_MAX_TEXT_MESSAGE_SIZE = 1024 * 1024;

    /** Default {@link #pingInterval()}: 25 seconds. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);

    /** Default {@link #pongTimeout()}: 20 seconds. */
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(20);

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
    }

    /** The defaults. */
    public static WebSocketOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
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

        private Builder() {}

        /** @throws IllegalArgumentException if not positive */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = requirePositive("idleTimeout", value);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder maxTextMessageSize(long value) {
            this.maxTextMessageSize = requirePositiveSize(value);
            return this;
        }

        /** @throws IllegalArgumentException if negative; zero turns pings off */
        public Builder pingInterval(Duration value) {
            this.pingInterval = requireZeroOrPositive(value);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder pongTimeout(Duration value) {
            this.pongTimeout = requirePositive("pongTimeout", value);
            return this;
        }

        /** Whether to accept permessage-deflate. */
        public Builder compression(boolean value) {
            this.compression = value;
            return this;
        }

        /** The options collected so far. */
        public WebSocketOptions build() {
            return new WebSocketOptions(idleTimeout, maxTextMessageSize, pingInterval, pongTimeout, compression);
        }
    }
}
