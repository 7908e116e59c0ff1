package io.mcpui.connection.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.redis.internal.ClusterHistory;
import io.mcpui.connection.redis.internal.ClusterMessaging;
import io.mcpui.connection.redis.internal.ClusterRegistry;
import io.mcpui.connection.redis.internal.RedisKeys;
import io.mcpui.connection.redis.internal.RedisLink;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.SessionHistory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Backplane} on Redis, so that several nodes behind a load balancer act as one: any node
 * reaches any session. Its parts, each in {@code internal}:
 *
 * <ul>
 *   <li><b>Registry</b> ({@code ClusterRegistry}): each node's sessions in a hash with a liveness
 *       key, expiring after {@link RedisBackplaneOptions#nodeTtl()} unless refreshed every {@link
 *       RedisBackplaneOptions#heartbeat()}; a node that dies without a word leaves the others'
 *       view within {@code nodeTtl + heartbeat} (15 s by default). Generated ids are reserved
 *       cluster-wide with {@code SET NX PX}.
 *   <li><b>Messaging</b> ({@code ClusterMessaging}): sends, requests, replies and failures on Redis
 *       pub/sub to the channel of the node that holds the session (or that asked); broadcasts on
 *       one shared channel. A node numbers ({@code seq}) the messages for the sessions it holds.
 *   <li><b>History</b> ({@code ClusterHistory}): every message to a session is also appended to a
 *       bounded Redis list ({@link RedisBackplaneOptions#historyMaxMessages()}, expiring after
 *       {@link RedisBackplaneOptions#historyTtl()}), so that a page that reconnects to another
 *       node (or to this one after a restart) gets what it missed.
 *   <li><b>Keys</b> ({@code RedisKeys}): every key and channel below {@link
 *       RedisBackplaneOptions#namespace()}.
 * </ul>
 *
 * <p>While Redis is unreachable, this node's own sessions keep working; sends and requests that
 * must cross to another node fail at once with {@link ClusterUnavailableException}; a broadcast
 * reaches this node's connections only. Lettuce reconnects and resubscribes by itself, and the
 * next heartbeat re-registers this node's sessions. Thread-safe.
 */
public final class RedisBackplane implements Backplane {

    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);

    private final @Nullable RedisClient ownedClient;
    private final RedisBackplaneOptions options;
    private final String nodeId = "n" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final RedisKeys keys;
    private final RedisLink link;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final ClusterRegistry registry;
    private final ClusterHistory history;
    private final ExecutorService inbound = Executors.newSingleThreadExecutor(daemon("redis-backplane-inbound"));
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(daemon("redis-backplane-heartbeat"));
    private volatile @Nullable ClusterMessaging messaging;
    private volatile boolean closed;

    /** @param ownedClient the client to shut down with the backplane, or {@code null} if shared */
    RedisBackplane(RedisClient client, @Nullable RedisClient ownedClient, RedisBackplaneOptions options) {
        this.ownedClient = ownedClient;
        this.options = Objects.requireNonNull(options, "options");
        this.keys = new RedisKeys(options.namespace());
        StatefulRedisConnection<String, String> commands = null;
        try {
            commands = client.connect();
            pubSub = client.connectPubSub();
        } catch (RedisException e) {
            if (commands != null) {
                commands.close();
            }
            shutDownOwnedClient();
            inbound.shutdownNow();
            heartbeats.shutdownNow();
            throw new ClusterUnavailableException(null, "Redis is unreachable: " + e.getMessage(), e);
        }
        link = new RedisLink(commands, options.commandTimeout());
        registry = new ClusterRegistry(link, keys, nodeId, options.nodeTtl());
        history = new ClusterHistory(link, keys, options.historyMaxMessages(), options.historyTtl());
    }

    /**
     * A backplane with its own Redis client, closed with the backplane. To share one client among
     * the backplanes of several managers (one per app, say), use {@link RedisCluster}.
     *
     * @param redisUrl e.g. {@code redis://localhost:6379}
     * @throws ClusterUnavailableException if Redis cannot be reached
     */
    public static RedisBackplane create(String redisUrl, RedisBackplaneOptions options) {
        RedisClient client = RedisCluster.newClient(redisUrl, options.commandTimeout());
        return new RedisBackplane(client, client, options);
    }

    /** This node's id in the cluster. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // the heartbeat runs until close() shuts its executor down
    public void start(BackplaneReceiver receiver) {
        ClusterMessaging started = new ClusterMessaging(link, keys, nodeId, registry.view(), receiver);
        messaging = started;
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    inbound.execute(() -> started.receive(message));
                } catch (RejectedExecutionException closing) {
                    log.debug("Dropped a message on {}: the backplane is closing", channel);
                }
            }
        });
        try {
            link.await(pubSub.async()
                    .subscribe(keys.directChannel(nodeId), keys.broadcastChannel(), keys.eventsChannel()));
        } catch (Exception e) {
            throw new ClusterUnavailableException(null, "Could not subscribe to Redis: " + e.getMessage(), e);
        }
        heartbeats.scheduleAtFixedRate(
                () -> {
                    if (!closed) {
                        registry.heartbeat();
                    }
                },
                0,
                options.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void sessionChanged(String sessionId, int localConnections) {
        registry.sessionChanged(sessionId, localConnections);
    }

    @Override
    public void sessionEnded(String sessionId) {
        registry.sessionEnded(sessionId);
    }

    @Override
    public void recordMessage(String sessionId, SessionHistory.Entry entry) {
        history.record(sessionId, entry);
    }

    @Override
    public SessionHistory loadHistory(String sessionId) {
        return history.load(sessionId);
    }

    @Override
    public boolean reserveSessionId(String sessionId, Duration ttl) {
        return registry.reserveSessionId(sessionId, ttl);
    }

    @Override
    public boolean holdsRemotely(String sessionId) {
        return registry.view().holds(sessionId);
    }

    @Override
    public Map<String, Integer> remoteSessions() {
        return registry.view().sessions();
    }

    @Override
    public int remoteConnectionCount() {
        return registry.view().connectionCount();
    }

    @Override
    public Reach sendToSession(String sessionId, String payload) {
        return messaging().sendToSession(sessionId, payload);
    }

    @Override
    public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
        return messaging().sendRequest(sessionId, requestId, payload, timeout);
    }

    @Override
    public int broadcast(String payload) {
        return messaging().broadcast(payload);
    }

    @Override
    public void forwardReply(String originNode, String requestId, String replyText) {
        messaging().forwardReply(originNode, requestId, replyText);
    }

    @Override
    public void forwardFailure(String originNode, String requestId, String sessionId, String reason) {
        messaging().forwardFailure(originNode, requestId, sessionId, reason);
    }

    /** Leaves the cluster: this node's sessions disappear from the others' view at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeats.shutdownNow();
        registry.leave();
        link.markClosed();
        inbound.shutdown();
        awaitQuietly(heartbeats);
        awaitQuietly(inbound);
        pubSub.close();
        link.close();
        shutDownOwnedClient();
    }

    private ClusterMessaging messaging() {
        ClusterMessaging started = messaging;
        if (started == null) {
            throw new IllegalStateException("The backplane has not been started");
        }
        return started;
    }

    /** Lets a running heartbeat or delivery finish before the connections close under it. */
    private void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("{} still busy after {}; closing anyway", executor, options.commandTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDownOwnedClient() {
        if (ownedClient != null) {
            ownedClient.shutdown();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
