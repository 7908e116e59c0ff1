package io.mcpui.connection.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.redis.internal.ClusterMembership;
import io.mcpui.connection.redis.internal.ClusterMessaging;
import io.mcpui.connection.redis.internal.ClusterRegistry;
import io.mcpui.connection.redis.internal.ClusterSessions;
import io.mcpui.connection.redis.internal.RedisKeys;
import io.mcpui.connection.redis.internal.RedisLink;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.SessionHistory;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 *   <li><b>Sessions</b> ({@code ClusterSessions}): each session in one Redis hash (its last {@code
 *       seq} and the nodes that hold it), its recent messages in a bounded list ({@link
 *       RedisBackplaneOptions#historyMaxMessages()}) and its values in a hash. A message is
 *       numbered, recorded and published to every holding node's channel by one Lua script, so
 *       Redis orders all messages to a session, and a send returns only once its message is
 *       recorded. A session nobody holds any more stays resumable for {@link
 *       RedisBackplaneOptions#historyTtl()}.
 *   <li><b>Registry</b> ({@code ClusterRegistry}): each node's liveness key and its sessions in a
 *       hash, expiring after {@link RedisBackplaneOptions#nodeTtl()} unless refreshed every {@link
 *       RedisBackplaneOptions#heartbeat()}, for listings and counts; a node that dies without a
 *       word leaves the others' view within {@code nodeTtl + heartbeat} (15 s by default).
 *       Generated ids are reserved cluster-wide with {@code SET NX PX}.
 *   <li><b>Membership</b> ({@code ClusterMembership}): the heartbeat, and the re-join after an
 *       outage.
 *   <li><b>Messaging</b> ({@code ClusterMessaging}): what arrives on this node's channel, the
 *       broadcast channel and the events channel; replies and refusals to the asking node.
 *   <li><b>Keys</b> ({@code RedisKeys}): every key and channel below {@link
 *       RedisBackplaneOptions#namespace()}.
 * </ul>
 *
 * <p>While Redis is unreachable, and after it returns until this node has re-joined (re-registered
 * its sessions, restoring what a Redis restart lost), whatever needs the cluster fails at once
 * with {@link ClusterUnavailableException}: sends and requests (even to this node's own pages, whose
 * messages could not be recorded), and pages new to this node; a broadcast reaches this node's
 * connections only. Lettuce reconnects (within a second of Redis returning) and resubscribes by
 * itself; this node re-joins as soon as its connection is back, and fetches what its pages missed
 * meanwhile. Thread-safe.
 */
public final class RedisBackplane implements Backplane {

    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);

    private final RedisClient client;
    private final @Nullable RedisClient ownedClient;
    private final RedisBackplaneOptions options;
    private final String nodeId = "n" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final RedisKeys keys;
    private final StatefulRedisConnection<String, String> commands;
    private final RedisLink link;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final ClusterRegistry registry;
    private final ClusterSessions sessions;
    private final ClusterMembership membership;
    private final ExecutorService inbound = Executors.newSingleThreadExecutor(daemon("redis-backplane-inbound"));
    private final RedisConnectionStateListener reconnects = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (connection == commands || connection == pubSub) {
                membership.rejoinSoon(); // Redis may have lost everything, and pages missed messages
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == commands || connection == pubSub) {
                sessions.left();
            }
        }
    };
    private volatile @Nullable ClusterMessaging messaging;
    private volatile boolean closed;

    /** @param ownedClient the client to shut down with the backplane, or {@code null} if shared */
    RedisBackplane(RedisClient client, @Nullable RedisClient ownedClient, RedisBackplaneOptions options) {
        this.client = client;
        this.ownedClient = ownedClient;
        this.options = Objects.requireNonNull(options, "options");
        this.keys = new RedisKeys(options.namespace());
        StatefulRedisConnection<String, String> connected = null;
        try {
            connected = client.connect();
            pubSub = client.connectPubSub();
        } catch (RedisException e) {
            if (connected != null) {
                connected.close();
            }
            shutDownOwnedClient();
            inbound.shutdownNow();
            throw new ClusterUnavailableException(null, "Redis is unreachable: " + e.getMessage(), e);
        }
        commands = connected;
        link = new RedisLink(commands, options.commandTimeout());
        registry = new ClusterRegistry(link, keys, nodeId, options.nodeTtl());
        sessions = new ClusterSessions(
                link, keys, nodeId, options.historyMaxMessages(), options.historyTtl(), options.nodeTtl());
        membership = new ClusterMembership(link, registry, sessions, options.heartbeat(), inbound);
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

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    /**
     * Whether this node is in the cluster now: Redis is reachable and this node has re-joined it
     * since the last outage. While not, whatever needs the cluster fails at once.
     */
    public boolean joined() {
        return sessions.joined();
    }

    /**
     * Subscribes, announces this node and joins the cluster before it returns, so that the first
     * session this node takes up is reachable at once.
     *
     * @throws ClusterUnavailableException if Redis cannot be reached
     */
    @Override
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
            if (!registry.heartbeat(sessions.sessionTtlMillis())) {
                throw new IllegalStateException("the first heartbeat did not get through");
            }
            sessions.rejoin(List.of());
        } catch (Exception e) {
            throw new ClusterUnavailableException(null, "Could not join the cluster on Redis: " + e.getMessage(), e);
        }
        client.addListener(reconnects);
        membership.start(receiver);
    }

    @Override
    public SessionHistory takeUp(String sessionId, int connections) {
        SessionHistory history = sessions.takeUp(sessionId, connections);
        registry.sessionChanged(sessionId, connections);
        return history;
    }

    @Override
    public void sessionChanged(String sessionId, int connections) {
        registry.sessionChanged(sessionId, connections);
        sessions.changed(sessionId, connections);
    }

    @Override
    public void letGo(String sessionId, boolean end) {
        registry.sessionLeft(sessionId);
        sessions.letGo(sessionId, end);
    }

    @Override
    public Reach sendToSession(String sessionId, String payload) {
        return sessions.send(sessionId, payload, null, Duration.ZERO);
    }

    @Override
    public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
        return sessions.send(sessionId, payload, requestId, timeout);
    }

    @Override
    public SessionHistory historyAfter(String sessionId, long seq) {
        return sessions.historyAfter(sessionId, seq);
    }

    @Override
    public boolean reserveSessionId(String sessionId, Duration ttl) {
        return registry.reserveSessionId(sessionId, ttl);
    }

    @Override
    public Map<String, Integer> remoteSessions() {
        return registry.view().sessions();
    }

    @Override
    public Map<String, Map<String, Integer>> remoteSessionsByNode() {
        return registry.view().byNode();
    }

    @Override
    public int remoteConnectionCount() {
        return registry.view().connectionCount();
    }

    @Override
    public int broadcast(String payload) {
        return messaging().broadcast(payload);
    }

    @Override
    public void forwardReply(String originNode, String sessionId, String requestId, String replyText) {
        messaging().forwardReply(originNode, sessionId, requestId, replyText);
    }

    @Override
    public void refuseRequest(String originNode, String requestId, String sessionId, String reason) {
        messaging().refuseRequest(originNode, requestId, sessionId, reason);
    }

    @Override
    public void putSessionValue(String sessionId, String key, String value) {
        sessions.putValue(sessionId, key, value);
    }

    @Override
    public Optional<String> sessionValue(String sessionId, String key) {
        return sessions.value(sessionId, key);
    }

    @Override
    public Optional<String> removeSessionValue(String sessionId, String key) {
        return sessions.removeValue(sessionId, key);
    }

    /** Leaves the cluster: this node's sessions disappear from the others' view at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.removeListener(reconnects);
        membership.stop(options.commandTimeout());
        registry.leave();
        link.markClosed();
        inbound.shutdown();
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
            RedisCluster.shutDown(ownedClient);
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
