package io.mcpui.connection.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.redis.internal.ClusterView;
import io.mcpui.connection.redis.internal.Envelope;
import io.mcpui.connection.redis.internal.Envelope.Kind;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.SessionHistory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link Backplane} on Redis, so that several nodes behind a load balancer act as one: any node
 * reaches any session.
 *
 * <ul>
 *   <li><b>Registry.</b> Each node keeps a hash of its sessions (id to connection count) and a
 *       liveness key, both expiring after {@link RedisBackplaneOptions#nodeTtl()} and refreshed
 *       every {@link RedisBackplaneOptions#heartbeat()}; it publishes each change, and re-reads
 *       the other nodes' hashes on every heartbeat. A node that dies without a word leaves the
 *       others' view within {@code nodeTtl + heartbeat} (15 s by default).
 *   <li><b>Messages.</b> Sends, requests, replies and failures go on Redis pub/sub to the channel
 *       of the node that holds the session (or that asked); broadcasts on one shared channel. A
 *       node numbers ({@code seq}) the messages for the sessions it holds.
 *   <li><b>Ids.</b> A generated id is reserved cluster-wide with {@code SET NX PX}.
 *   <li><b>Resume.</b> Every message to a session is also appended to a bounded Redis list
 *       ({@link RedisBackplaneOptions#historyMaxMessages()}, expiring after {@link
 *       RedisBackplaneOptions#historyTtl()}), so that a page that reconnects to another node (or
 *       to this one after a restart) gets what it missed.
 * </ul>
 *
 * <p>While Redis is unreachable, this node's own sessions keep working; sends and requests that
 * must cross to another node fail at once with {@link ClusterUnavailableException}; a broadcast
 * reaches this node's connections only. Lettuce reconnects and resubscribes by itself, and the
 * next heartbeat re-registers this node's sessions. Thread-safe.
 */
public final class RedisBackplane implements Backplane {

    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);

    /** Rewrites a node's session hash in one step: KEYS[1] the hash, ARGV[1] the TTL (ms), then id, count pairs. */
    private static final String REWRITE_REGISTRY = "redis.call('DEL', KEYS[1]) "
            + "for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end "
            + "if #ARGV > 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "return 1";

    /**
     * Sets one session's count and the hash's TTL together, so a node that dies right after never
     * leaves an entry without expiry: KEYS[1] the hash, ARGV the TTL (ms), id, count.
     */
    private static final String SET_SESSION =
            "redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) " + "return redis.call('PEXPIRE', KEYS[1], ARGV[1])";

    /** Appends to a session's history, trims it and sets its TTL in one step: ARGV entry, max, TTL (ms). */
    private static final String APPEND_HISTORY = "redis.call('RPUSH', KEYS[1], ARGV[1]) "
            + "redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[3])";

    private final RedisClient client;
    private final boolean ownsClient;
    private final RedisBackplaneOptions options;
    private final String nodeId = "n" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final JsonMapper json = JsonMapper.builder().build();
    private final ClusterView view = new ClusterView();
    private final ConcurrentHashMap<String, Integer> localSessions = new ConcurrentHashMap<>();
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final RedisAsyncCommands<String, String> redis;
    private final ExecutorService inbound;
    private final ScheduledExecutorService heartbeats;
    // Keys, channels and script arguments that never change, built once (some are used under a
    // session's lock).
    private final String ownRegistryKey;
    private final String broadcastChannel;
    private final String eventsChannel;
    private final String nodeTtlMillis;
    private final String historyMaxMessages;
    private final String historyTtlMillis;
    private volatile @Nullable BackplaneReceiver receiver;
    private volatile boolean closed;

    private RedisBackplane(RedisClient client, boolean ownsClient, RedisBackplaneOptions options) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.options = Objects.requireNonNull(options, "options");
        ownRegistryKey = registryKey(nodeId);
        broadcastChannel = options.namespace() + ":broadcast";
        eventsChannel = options.namespace() + ":events";
        nodeTtlMillis = Long.toString(options.nodeTtl().toMillis());
        historyMaxMessages = Integer.toString(options.historyMaxMessages());
        historyTtlMillis = Long.toString(options.historyTtl().toMillis());
        StatefulRedisConnection<String, String> commands = null;
        try {
            commands = client.connect();
            pubSub = client.connectPubSub();
        } catch (RedisException e) {
            if (commands != null) {
                commands.close();
            }
            if (ownsClient) {
                client.shutdown();
            }
            throw new ClusterUnavailableException("Redis is unreachable: " + e.getMessage(), e);
        }
        connection = commands;
        redis = connection.async();
        inbound = Executors.newSingleThreadExecutor(daemon("redis-backplane-inbound"));
        heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("redis-backplane-heartbeat"));
    }

    /**
     * A backplane with its own Redis client, closed with the backplane.
     *
     * @param redisUrl e.g. {@code redis://localhost:6379}
     * @throws ClusterUnavailableException if Redis cannot be reached
     */
    public static RedisBackplane create(String redisUrl, RedisBackplaneOptions options) {
        return new RedisBackplane(newClient(redisUrl, options.commandTimeout()), true, options);
    }

    /**
     * A backplane on a shared client (several apps of one server, say), which stays open when the
     * backplane closes. Give the client the options of {@link #newClient}.
     *
     * @throws ClusterUnavailableException if Redis cannot be reached
     */
    public static RedisBackplane create(RedisClient client, RedisBackplaneOptions options) {
        return new RedisBackplane(client, false, options);
    }

    /**
     * A Redis client as the backplane needs it: commands fail at once while Redis is unreachable
     * (rather than queue), time out after {@code commandTimeout}, and the client reconnects by
     * itself.
     */
    public static RedisClient newClient(String redisUrl, Duration commandTimeout) {
        RedisClient client = RedisClient.create(redisUrl);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        return client;
    }

    /** This node's id in the cluster. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(BackplaneReceiver receiver) {
        this.receiver = receiver;
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    inbound.execute(() -> receive(channel, message));
                } catch (RejectedExecutionException closing) {
                    log.debug("Dropped a message on {}: the backplane is closing", channel);
                }
            }
        });
        try {
            await(pubSub.async().subscribe(directChannel(nodeId), broadcastChannel, eventsChannel));
        } catch (Exception e) {
            throw new ClusterUnavailableException("Could not subscribe to Redis: " + e.getMessage(), e);
        }
        heartbeats.scheduleAtFixedRate(this::heartbeat, 0, options.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void sessionChanged(String sessionId, int localConnections) {
        localSessions.put(sessionId, localConnections);
        if (connected()) {
            redis.eval(
                    SET_SESSION,
                    ScriptOutputType.INTEGER,
                    new String[] {ownRegistryKey},
                    nodeTtlMillis,
                    sessionId,
                    Integer.toString(localConnections));
            publish(eventsChannel, new Envelope(Kind.SESSION, nodeId, sessionId, null, null, localConnections, null));
        }
    }

    @Override
    public void sessionEnded(String sessionId) {
        localSessions.remove(sessionId);
        if (connected()) {
            redis.hdel(ownRegistryKey, sessionId);
            publish(eventsChannel, new Envelope(Kind.SESSION_ENDED, nodeId, sessionId, null, null, 0, null));
        }
    }

    @Override
    public void recordMessage(String sessionId, long seq, String text) {
        if (!connected()) {
            return;
        }
        redis.eval(
                APPEND_HISTORY,
                ScriptOutputType.INTEGER,
                new String[] {historyKey(sessionId)},
                seq + "|" + System.currentTimeMillis() + "|" + text,
                historyMaxMessages,
                historyTtlMillis);
    }

    @Override
    public SessionHistory loadHistory(String sessionId) {
        try {
            List<String> kept = await(redis.lrange(historyKey(sessionId), 0, -1));
            List<SessionHistory.Entry> entries = new ArrayList<>(kept.size());
            long lastSeq = 0;
            for (String item : kept) {
                int first = item.indexOf('|');
                int second = item.indexOf('|', first + 1);
                long seq = Long.parseLong(item.substring(0, first));
                if (seq > lastSeq) { // skip anything out of order rather than replay it twice
                    entries.add(new SessionHistory.Entry(
                            seq, item.substring(second + 1), Long.parseLong(item.substring(first + 1, second))));
                    lastSeq = seq;
                }
            }
            return new SessionHistory(lastSeq, entries);
        } catch (Exception e) {
            log.warn(
                    "Could not read the history of session {} from Redis; the page will be told to resync: {}",
                    sessionId,
                    e.toString());
            return SessionHistory.EMPTY;
        }
    }

    @Override
    public boolean reserveSessionId(String sessionId, Duration ttl) {
        if (view.holds(sessionId)) {
            return false;
        }
        try {
            String result = await(redis.set(
                    reservationKey(sessionId), nodeId, SetArgs.Builder.nx().px(ttl.toMillis())));
            return "OK".equals(result);
        } catch (Exception e) {
            // Serving the page matters more than a collision among 175,760+ ids while Redis is away.
            log.warn("Could not reserve session id in Redis; issuing it unchecked across nodes: {}", e.toString());
            return true;
        }
    }

    @Override
    public boolean holdsRemotely(String sessionId) {
        return view.holds(sessionId);
    }

    @Override
    public Map<String, Integer> remoteSessions() {
        return view.sessions();
    }

    @Override
    public int remoteConnectionCount() {
        return view.connectionCount();
    }

    @Override
    public int sendToSession(String sessionId, String payload) {
        Map<String, Integer> holders = view.holders(sessionId);
        if (holders.isEmpty()) {
            return NOT_HELD;
        }
        requireConnected(sessionId);
        int connections = 0;
        for (Map.Entry<String, Integer> holder : holders.entrySet()) {
            publish(directChannel(holder.getKey()), new Envelope(Kind.SEND, nodeId, sessionId, null, payload, 0, null));
            connections += holder.getValue();
        }
        return connections;
    }

    @Override
    public int sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
        Map<String, Integer> holders = view.holders(sessionId);
        if (holders.isEmpty()) {
            return NOT_HELD;
        }
        requireConnected(sessionId);
        // Prefer a node with connections over one where the session waits to resume.
        Map.Entry<String, Integer> holder =
                holders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        publish(
                directChannel(holder.getKey()),
                new Envelope(Kind.REQUEST, nodeId, sessionId, requestId, payload, timeout.toMillis(), null));
        return holder.getValue();
    }

    @Override
    public int broadcast(String payload) {
        if (!connected()) {
            log.warn("Redis is unreachable: a broadcast reached this node's connections only");
            return 0;
        }
        publish(broadcastChannel, new Envelope(Kind.BROADCAST, nodeId, null, null, payload, 0, null));
        return view.connectionCount();
    }

    @Override
    public void forwardReply(String originNode, String requestId, String replyText) {
        if (connected()) {
            publish(directChannel(originNode), new Envelope(Kind.REPLY, nodeId, null, requestId, replyText, 0, null));
        }
    }

    @Override
    public void forwardFailure(String originNode, String requestId, String sessionId, String reason) {
        if (connected()) {
            publish(
                    directChannel(originNode),
                    new Envelope(Kind.FAILURE, nodeId, sessionId, requestId, null, 0, reason));
        }
    }

    /** Leaves the cluster: this node's sessions disappear from the others' view at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeats.shutdownNow();
        if (connected()) {
            try {
                publish(eventsChannel, new Envelope(Kind.NODE_LEFT, nodeId, null, null, null, 0, null));
                redis.del(ownRegistryKey, livenessKey(nodeId));
                await(redis.srem(nodesKey(), nodeId));
            } catch (Exception e) {
                log.debug("Could not leave the cluster cleanly; the entries expire by themselves", e);
            }
        }
        inbound.shutdown();
        awaitQuietly(heartbeats);
        awaitQuietly(inbound);
        pubSub.close();
        connection.close();
        if (ownsClient) {
            client.shutdown();
        }
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

    private void receive(String channel, String text) {
        Envelope envelope = Envelope.decode(json, text);
        BackplaneReceiver target = receiver;
        if (envelope == null || target == null || envelope.origin().equals(nodeId)) {
            return;
        }
        try {
            dispatch(envelope, target);
        } catch (RuntimeException e) {
            log.warn("Could not handle a {} from node {}", envelope.kind(), envelope.origin(), e);
        }
    }

    private void dispatch(Envelope envelope, BackplaneReceiver target) {
        switch (envelope.kind()) {
            case SEND -> target.deliverToSession(envelope.sessionId(), envelope.payload());
            case REQUEST ->
                target.deliverRequest(
                        envelope.origin(),
                        envelope.sessionId(),
                        envelope.requestId(),
                        envelope.payload(),
                        Duration.ofMillis(envelope.number()));
            case REPLY -> target.completeRequest(envelope.requestId(), envelope.payload());
            case FAILURE -> target.failRequest(envelope.requestId(), envelope.sessionId(), envelope.reason());
            case BROADCAST -> target.deliverBroadcast(envelope.payload());
            case SESSION -> view.sessionChanged(envelope.origin(), envelope.sessionId(), (int) envelope.number());
            case SESSION_ENDED -> view.sessionEnded(envelope.origin(), envelope.sessionId());
            case NODE_LEFT -> view.nodeLeft(envelope.origin());
        }
    }

    /** Refreshes this node's registry entries, then re-reads the other nodes'. */
    private void heartbeat() {
        if (closed || !connected()) {
            return;
        }
        try {
            redis.sadd(nodesKey(), nodeId);
            redis.set(
                    livenessKey(nodeId),
                    "1",
                    SetArgs.Builder.px(options.nodeTtl().toMillis()));
            List<String> args = new ArrayList<>(1 + 2 * localSessions.size());
            args.add(nodeTtlMillis);
            localSessions.forEach((id, count) -> {
                args.add(id);
                args.add(Integer.toString(count));
            });
            redis.eval(
                    REWRITE_REGISTRY,
                    ScriptOutputType.INTEGER,
                    new String[] {ownRegistryKey},
                    args.toArray(String[]::new));
            view.replaceWith(readRegistry());
        } catch (Exception e) {
            log.debug("Heartbeat failed; retrying in {}", options.heartbeat(), e);
        }
    }

    /**
     * Every live node's sessions, but this node's; forgets nodes whose liveness key expired. The
     * reads for all nodes go out before any reply is awaited: one round trip, not one per node.
     */
    private Map<String, Map<String, Integer>> readRegistry() throws Exception {
        Map<String, RedisFuture<Long>> alive = new HashMap<>();
        Map<String, RedisFuture<Map<String, String>>> sessions = new HashMap<>();
        for (String node : await(redis.smembers(nodesKey()))) {
            if (!node.equals(nodeId)) {
                alive.put(node, redis.exists(livenessKey(node)));
                sessions.put(node, redis.hgetall(registryKey(node)));
            }
        }
        Map<String, Map<String, Integer>> snapshot = new HashMap<>();
        for (Map.Entry<String, RedisFuture<Long>> node : alive.entrySet()) {
            if (await(node.getValue()) == 0) {
                redis.srem(nodesKey(), node.getKey());
                continue;
            }
            Map<String, Integer> counts = new HashMap<>();
            await(sessions.get(node.getKey())).forEach((id, count) -> counts.put(id, Integer.parseInt(count)));
            snapshot.put(node.getKey(), counts);
        }
        return snapshot;
    }

    /** Waits for a command's reply, up to the command timeout, keeping an interrupt for the caller. */
    private <T> T await(RedisFuture<T> reply) throws ExecutionException, TimeoutException {
        try {
            return reply.get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("Interrupted while waiting for Redis", e);
        }
    }

    private void publish(String channel, Envelope envelope) {
        redis.publish(channel, envelope.encode(json)).exceptionally(failure -> {
            log.debug("Publishing a {} to {} failed", envelope.kind(), channel, failure);
            return 0L;
        });
    }

    private boolean connected() {
        return !closed && connection.isOpen();
    }

    private void requireConnected(String sessionId) {
        if (!connected()) {
            throw new ClusterUnavailableException("Session " + sessionId
                    + " is held by another node, and the cluster (Redis) is unreachable; try again shortly");
        }
    }

    private String nodesKey() {
        return options.namespace() + ":nodes";
    }

    private String livenessKey(String node) {
        return options.namespace() + ":node:" + node;
    }

    private String registryKey(String node) {
        return options.namespace() + ":sessions:" + node;
    }

    private String reservationKey(String sessionId) {
        return options.namespace() + ":id:" + sessionId;
    }

    private String historyKey(String sessionId) {
        return options.namespace() + ":history:" + sessionId;
    }

    private String directChannel(String node) {
        return options.namespace() + ":to:" + node;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
