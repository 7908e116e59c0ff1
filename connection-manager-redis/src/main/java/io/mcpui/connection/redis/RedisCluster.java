package io.mcpui.connection.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.mcpui.connection.ClusterUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One Redis client shared by the backplanes of several connection managers of a process (one per
 * app, say, each in its own namespace). Closing it shuts the client down: close the backplanes
 * (their managers) first, so that each leaves the cluster cleanly. Thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration RECONNECT_FIRST = Duration.ofMillis(50);
    private static final Duration RECONNECT_AT_MOST = Duration.ofMillis(800);

    private final RedisClient client;

    private RedisCluster(RedisClient client) {
        this.client = client;
    }

    /**
     * A client for {@code redisUrl}; nothing is connected until the first backplane.
     *
     * @param redisUrl e.g. {@code redis://localhost:6379}
     * @param commandTimeout how long a command may take before it fails
     */
    public static RedisCluster connect(String redisUrl, Duration commandTimeout) {
        return new RedisCluster(newClient(redisUrl, commandTimeout));
    }

    /**
     * A backplane of this process in the cluster of {@code options.namespace()}.
     *
     * @throws ClusterUnavailableException if Redis cannot be reached
     */
    public RedisBackplane backplane(RedisBackplaneOptions options) {
        return new RedisBackplane(client, null, Objects.requireNonNull(options, "options"));
    }

    /** Shuts the client down at once; backplanes made from it stop working. */
    @Override
    public void close() {
        shutDown(client);
    }

    /** Shuts down a client made by {@link #newClient}, with its resources. */
    static void shutDown(RedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ZERO);
        client.getResources().shutdown(0, 0, TimeUnit.MILLISECONDS);
    }

    /**
     * A Redis client as the backplane needs it: commands fail at once while Redis is unreachable
     * (rather than queue), time out after {@code commandTimeout}, and the client reconnects by
     * itself, trying at least once a second (Lettuce's default backs off to 30 s), so that the
     * cluster is back within about a second of Redis.
     */
    static RedisClient newClient(String redisUrl, Duration commandTimeout) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(RECONNECT_FIRST, RECONNECT_AT_MOST, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, redisUrl);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        return client;
    }
}
