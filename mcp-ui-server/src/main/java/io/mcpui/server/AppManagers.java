package io.mcpui.server;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerBuilder;
import io.mcpui.connection.redis.RedisBackplaneOptions;
import io.mcpui.connection.redis.RedisCluster;
import io.mcpui.server.app.AppInfo;
import org.jspecify.annotations.Nullable;

/**
 * Makes each app's connection manager: alone, or, with a Redis URL, in the cluster of every
 * server on that Redis (one namespace per app, one Redis client for all). Not thread-safe.
 */
final class AppManagers implements AutoCloseable {

    private final ServerConfig config;
    private @Nullable RedisCluster redis;

    AppManagers(ServerConfig config) {
        this.config = config;
    }

    /** A new manager for {@code app}, with the configured limits. */
    ConnectionManager newManager(AppInfo app) {
        ConnectionManagerBuilder builder = ConnectionManager.builder().options(config.connections());
        String redisUrl = config.redisUrl();
        if (redisUrl != null) {
            if (redis == null) {
                redis = RedisCluster.connect(redisUrl, RedisBackplaneOptions.DEFAULT_COMMAND_TIMEOUT);
            }
            builder.backplane(redis.backplane(RedisBackplaneOptions.builder()
                    .namespace("mcpui:" + app.uiPath())
                    .history(config.connections())
                    .build()));
        }
        return builder.build();
    }

    /** Shuts the Redis client down; close the managers first. */
    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
