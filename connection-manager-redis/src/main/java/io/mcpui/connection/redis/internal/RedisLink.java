package io.mcpui.connection.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.mcpui.connection.ClusterUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node's command connection to Redis, shared by the backplane's parts: asynchronous
 * commands, bounded waits for replies, and publishing envelopes. Thread-safe.
 */
public final class RedisLink {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private final StatefulRedisConnection<String, String> connection;
    private final Duration commandTimeout;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean closed;

    public RedisLink(StatefulRedisConnection<String, String> connection, Duration commandTimeout) {
        this.connection = connection;
        this.commandTimeout = commandTimeout;
    }

    /** The commands; they fail at once while Redis is unreachable. */
    public RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    /** Whether Redis is reachable, as far as the connection knows, and the link is open. */
    public boolean connected() {
        return !closed && connection.isOpen();
    }

    /** The mapper envelopes and history entries are written with. */
    public JsonMapper json() {
        return json;
    }

    /** Waits for a command's reply, up to the command timeout, keeping an interrupt for the caller. */
    public <T> T await(Future<T> reply) throws ExecutionException, TimeoutException {
        try {
            return reply.get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException(null, "Interrupted while waiting for Redis", e);
        }
    }

    /**
     * Runs a Lua script by its digest, loading it first if Redis does not know it (yet, or any
     * more after a restart).
     */
    public <T> CompletableFuture<T> run(Script script, ScriptOutputType type, String[] keys, String... args) {
        RedisFuture<T> byDigest = commands().evalsha(script.digest(), type, keys, args);
        return byDigest.handle((result, failure) -> failure)
                .thenCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    return cause instanceof RedisNoScriptException
                            ? commands().<T>eval(script.body(), type, keys, args)
                            : byDigest;
                })
                .toCompletableFuture();
    }

    /** Publishes an envelope without waiting; a failure is logged. */
    public void publish(String channel, Envelope envelope) {
        connection.async().publish(channel, Envelope.encode(json, envelope)).exceptionally(failure -> {
            log.debug("Publishing a {} to {} failed", envelope.getClass().getSimpleName(), channel, failure);
            return 0L;
        });
    }

    /** Stops using the link; the connection itself is closed by its owner. */
    public void markClosed() {
        closed = true;
    }

    public void close() {
        closed = true;
        connection.close();
    }
}
