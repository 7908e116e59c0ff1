package io.mcpui.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link ConnectionManager}. Build with {@link #builder()}; every value
 * has a default, quoted on its {@code DEFAULT_*} constant. Thread-safe.
 *
 * @param maxQueuedMessages how many messages may wait in one connection's outbound queue
 * @param maxQueuedBytes how many characters of text may wait in one connection's outbound queue
 *     (a message larger than this is still accepted into an empty queue)
 * @param overflowPolicy what happens when a message does not fit into a connection's queue
 * @param deliveryPolicy which connections of a session a message to the session reaches
 * @param maxSessionIdLength the longest session id a connection may present
 * @param sessionIdReservation how long an id from {@link ConnectionManager#generateSessionId()}
 *     stays reserved while no connection uses it
 * @param maxPendingRequests how many requests may wait for replies at once on this node
 * @param resumeWindow how long a session whose connections dropped stays resumable (messages to
 *     it are kept and requests wait), and how long sent messages are kept for a page that
 *     reconnects with {@code last_seq}; {@link Duration#ZERO} turns resuming off
 * @param replayMaxMessages how many recent messages each session keeps for resuming pages; never
 *     more than {@code maxQueuedMessages - 1}, so that a replay fits the resuming connection's
 *     queue
 * @param replayMaxBytes how many characters of recent messages each session keeps; likewise
 *     bounded by {@code maxQueuedBytes}
 * @param maxConnectionsPerSession how many connections (tabs) one session may have at once
 * @param maxSessions how many sessions (live or resumable) this node holds at once
 */
public record ConnectionManagerOptions(
        int maxQueuedMessages,
        long maxQueuedBytes,
        OverflowPolicy overflowPolicy,
        DeliveryPolicy deliveryPolicy,
        int maxSessionIdLength,
        Duration sessionIdReservation,
        int maxPendingRequests,
        Duration resumeWindow,
        int replayMaxMessages,
        long replayMaxBytes,
        int maxConnectionsPerSession,
        int maxSessions) {

    /** Default {@link #maxQueuedMessages()}: 1,024 messages. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 1024;

    /** Default {@link #maxQueuedBytes()}: 1 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;

    /** Default {@link #overflowPolicy()}: {@link OverflowPolicy#CLOSE_CONNECTION}. */
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.CLOSE_CONNECTION;

    /** Default {@link #deliveryPolicy()}: {@link DeliveryPolicy#ALL_CONNECTIONS}. */
    public static final DeliveryPolicy DEFAULT_DELIVERY_POLICY = DeliveryPolicy.ALL_CONNECTIONS;

    /** Default {@link #maxSessionIdLength()}: 64 characters. */
    public static final int DEFAULT_MAX_SESSION_ID_LENGTH = 64;

    /** Default {@link #sessionIdReservation()}: 10 minutes. */
    public static final Duration DEFAULT_SESSION_ID_RESERVATION = Duration.ofMinutes(10);

    /** Default {@link #maxPendingRequests()}: 10,000. */
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 10_000;

    /** Default {@link #resumeWindow()}: 30 seconds. */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(30);

    /** Default {@link #replayMaxMessages()}: 1,000. */
    public static final int DEFAULT_REPLAY_MAX_MESSAGES = 1_000;

    /** Default {@link #replayMaxBytes()}: 1 MiB. */
    public static final long DEFAULT_REPLAY_MAX_BYTES = 1024 * 1024;

    /** Default {@link #maxConnectionsPerSession()}: 8. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SESSION = 8;

    /** Default {@link #maxSessions()}: 100,000. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException if a count or duration is not positive
     * @throws NullPointerException if a value is null
     */
    public ConnectionManagerOptions {
        requirePositive("maxQueuedMessages", maxQueuedMessages);
        requirePositive("maxQueuedBytes", maxQueuedBytes);
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(deliveryPolicy, "deliveryPolicy");
        requirePositive("maxSessionIdLength", maxSessionIdLength);
        requirePositive("sessionIdReservation", sessionIdReservation);
        requirePositive("maxPendingRequests", maxPendingRequests);
        requireNotNegative("resumeWindow", resumeWindow);
        requirePositive("replayMaxMessages", replayMaxMessages);
        requirePositive("replayMaxBytes", replayMaxBytes);
        requirePositive("maxConnectionsPerSession", maxConnectionsPerSession);
        requirePositive("maxSessions", maxSessions);
    }

    /** The defaults. */
    public static ConnectionManagerOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .maxQueuedMessages(maxQueuedMessages)
                .maxQueuedBytes(maxQueuedBytes)
                .overflowPolicy(overflowPolicy)
                .deliveryPolicy(deliveryPolicy)
                .maxSessionIdLength(maxSessionIdLength)
                .sessionIdReservation(sessionIdReservation)
                .maxPendingRequests(maxPendingRequests)
                .resumeWindow(resumeWindow)
                .replayMaxMessages(replayMaxMessages)
                .replayMaxBytes(replayMaxBytes)
                .maxConnectionsPerSession(maxConnectionsPerSession)
                .maxSessions(maxSessions);
    }

    /** Whether sessions survive dropped connections for {@link #resumeWindow()}. */
    public boolean resumable() {
        return !resumeWindow.isZero();
    }

    static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero (off) or a positive duration, was " + value);
        }
    }

    static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Collects values for {@link ConnectionManagerOptions}. Not thread-safe. */
    public static final class Builder {
        private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
        private DeliveryPolicy deliveryPolicy = DEFAULT_DELIVERY_POLICY;
        private int maxSessionIdLength = DEFAULT_MAX_SESSION_ID_LENGTH;
        private Duration sessionIdReservation = DEFAULT_SESSION_ID_RESERVATION;
        private int maxPendingRequests = DEFAULT_MAX_PENDING_REQUESTS;
        private Duration resumeWindow = DEFAULT_RESUME_WINDOW;
        private int replayMaxMessages = DEFAULT_REPLAY_MAX_MESSAGES;
        private long replayMaxBytes = DEFAULT_REPLAY_MAX_BYTES;
        private int maxConnectionsPerSession = DEFAULT_MAX_CONNECTIONS_PER_SESSION;
        private int maxSessions = DEFAULT_MAX_SESSIONS;

        private Builder() {}

        /** Sets {@link ConnectionManagerOptions#maxQueuedMessages()}; throws IllegalArgumentException if not positive. */
        public Builder maxQueuedMessages(int value) {
            requirePositive("maxQueuedMessages", value);
            this.maxQueuedMessages = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#maxQueuedBytes()}; throws IllegalArgumentException if not positive. */
        public Builder maxQueuedBytes(long value) {
            requirePositive("maxQueuedBytes", value);
            this.maxQueuedBytes = value;
            return this;
        }

        public Builder overflowPolicy(OverflowPolicy value) {
            this.overflowPolicy = Objects.requireNonNull(value, "overflowPolicy");
            return this;
        }

        public Builder deliveryPolicy(DeliveryPolicy value) {
            this.deliveryPolicy = Objects.requireNonNull(value, "deliveryPolicy");
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#maxSessionIdLength()}; throws IllegalArgumentException if not positive. */
        public Builder maxSessionIdLength(int value) {
            requirePositive("maxSessionIdLength", value);
            this.maxSessionIdLength = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#sessionIdReservation()}; throws IllegalArgumentException if not positive. */
        public Builder sessionIdReservation(Duration value) {
            requirePositive("sessionIdReservation", value);
            this.sessionIdReservation = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#maxPendingRequests()}; throws IllegalArgumentException if not positive. */
        public Builder maxPendingRequests(int value) {
            requirePositive("maxPendingRequests", value);
            this.maxPendingRequests = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#resumeWindow()}; throws IllegalArgumentException if negative; zero turns resuming off. */
        public Builder resumeWindow(Duration value) {
            requireNotNegative("resumeWindow", value);
            this.resumeWindow = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#replayMaxMessages()}; throws IllegalArgumentException if not positive. */
        public Builder replayMaxMessages(int value) {
            requirePositive("replayMaxMessages", value);
            this.replayMaxMessages = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#replayMaxBytes()}; throws IllegalArgumentException if not positive. */
        public Builder replayMaxBytes(long value) {
            requirePositive("replayMaxBytes", value);
            this.replayMaxBytes = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#maxConnectionsPerSession()}; throws IllegalArgumentException if not positive. */
        public Builder maxConnectionsPerSession(int value) {
            requirePositive("maxConnectionsPerSession", value);
            this.maxConnectionsPerSession = value;
            return this;
        }

        /** Sets {@link ConnectionManagerOptions#maxSessions()}; throws IllegalArgumentException if not positive. */
        public Builder maxSessions(int value) {
            requirePositive("maxSessions", value);
            this.maxSessions = value;
            return this;
        }

        /** The options collected so far. */
        public ConnectionManagerOptions build() {
            return new ConnectionManagerOptions(
                    maxQueuedMessages,
                    maxQueuedBytes,
                    overflowPolicy,
                    deliveryPolicy,
                    maxSessionIdLength,
                    sessionIdReservation,
                    maxPendingRequests,
                    resumeWindow,
                    replayMaxMessages,
                    replayMaxBytes,
                    maxConnectionsPerSession,
                    maxSessions);
        }
    }
}
