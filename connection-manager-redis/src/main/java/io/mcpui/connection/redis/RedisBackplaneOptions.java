package io.mcpui.connection.redis;

import io.mcpui.connection.ConnectionManagerOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings of a {@link RedisBackplane}. Build with {@link #builder()}; defaults are the
 * {@code DEFAULT_*} constants. Thread-safe.
 *
 * @param namespace prefix of every key and channel; nodes share sessions only within one
 *     namespace (the unified server uses one per app)
 * @param heartbeat how often a node refreshes its registry entries and re-reads the others'
 * @param nodeTtl how long a node's registry entries live without a refresh: a node that dies
 *     abruptly leaves the others' view within {@code nodeTtl + heartbeat}
 * @param commandTimeout the longest a blocking call (id reservation, history) waits for Redis
 * @param historyMaxMessages how many recent messages per session Redis keeps for pages that
 *     resume on another node; match {@link ConnectionManagerOptions#replayMaxMessages()}
 * @param historyTtl how long those messages are kept; match {@link
 *     ConnectionManagerOptions#resumeWindow()}
 */
public record RedisBackplaneOptions(
        String namespace,
        Duration heartbeat,
        Duration nodeTtl,
        Duration commandTimeout,
        int historyMaxMessages,
        Duration historyTtl) {

    /** Default {@link #namespace()}: {@code mcpui}. */
    public static final String DEFAULT_NAMESPACE = "mcpui";

    /** Default {@link #heartbeat()}: 3 seconds. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(3);

    /** Default {@link #nodeTtl()}: 12 seconds, so a dead node is forgotten within 15 seconds. */
    public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(12);

    /** Default {@link #commandTimeout()}: 2 seconds. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9:_.-]{1,100}");

    /** @throws IllegalArgumentException if a value is out of range */
    public RedisBackplaneOptions {
        Objects.requireNonNull(namespace, "namespace");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException(
                    "namespace must be 1 to 100 characters from A-Z a-z 0-9 : _ . -, was '" + namespace + "'");
        }
        requirePositive("heartbeat", heartbeat);
        requirePositive("nodeTtl", nodeTtl);
        requirePositive("commandTimeout", commandTimeout);
        if (nodeTtl.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("nodeTtl (" + nodeTtl + ") must be at least twice the heartbeat ("
                    + heartbeat + "), or live nodes would flicker out of view");
        }
        if (historyMaxMessages <= 0) {
            throw new IllegalArgumentException("historyMaxMessages must be positive, was " + historyMaxMessages);
        }
        requirePositive("historyTtl", historyTtl);
    }

    /** The defaults, with history bounds matching {@link ConnectionManagerOptions#defaults()}. */
    public static RedisBackplaneOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Collects values for {@link RedisBackplaneOptions}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String namespace = DEFAULT_NAMESPACE;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration nodeTtl = DEFAULT_NODE_TTL;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private int historyMaxMessages = ConnectionManagerOptions.DEFAULT_REPLAY_MAX_MESSAGES;
        private Duration historyTtl = ConnectionManagerOptions.DEFAULT_RESUME_WINDOW;

        private Builder() {}

        /** See {@link RedisBackplaneOptions#namespace()}. */
        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        /** See {@link RedisBackplaneOptions#heartbeat()} and {@link RedisBackplaneOptions#nodeTtl()}. */
        public Builder liveness(Duration heartbeat, Duration nodeTtl) {
            this.heartbeat = heartbeat;
            this.nodeTtl = nodeTtl;
            return this;
        }

        /** See {@link RedisBackplaneOptions#commandTimeout()}. */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = value;
            return this;
        }

        /** Keeps history as the manager's resume settings ask. */
        public Builder history(ConnectionManagerOptions managerOptions) {
            this.historyMaxMessages = managerOptions.replayMaxMessages();
            this.historyTtl = managerOptions.resumable() ? managerOptions.resumeWindow() : Duration.ofSeconds(1);
            return this;
        }

        /**
         * The options collected so far.
         *
         * @throws IllegalArgumentException as {@link RedisBackplaneOptions} does
         */
        public RedisBackplaneOptions build() {
            return new RedisBackplaneOptions(
                    namespace, heartbeat, nodeTtl, commandTimeout, historyMaxMessages, historyTtl);
        }
    }
}
