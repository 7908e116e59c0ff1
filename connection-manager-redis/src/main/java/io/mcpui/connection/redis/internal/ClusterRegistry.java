package io.mcpui.connection.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds which session. Each node keeps a hash of its sessions (id to connection count)
 * and a liveness key, both expiring after {@code nodeTtl} and refreshed on every {@link
 * #heartbeat()}; it publishes each change, and re-reads the other nodes' hashes on every
 * heartbeat into its {@link ClusterView}. Generated ids are reserved cluster-wide here too.
 * Thread-safe.
 */
public final class ClusterRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);

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

    private final RedisLink link;
    private final RedisKeys keys;
    private final String nodeId;
    private final String ownRegistryKey;
    private final String[] ownRegistryKeys;
    private final Duration nodeTtl;
    private final String nodeTtlMillis;
    private final ClusterView view = new ClusterView();
    private final ConcurrentHashMap<String, Integer> localSessions = new ConcurrentHashMap<>();

    public ClusterRegistry(RedisLink link, RedisKeys keys, String nodeId, Duration nodeTtl) {
        this.link = link;
        this.keys = keys;
        this.nodeId = nodeId;
        this.ownRegistryKey = keys.registry(nodeId);
        this.ownRegistryKeys = new String[] {ownRegistryKey};
        this.nodeTtl = nodeTtl;
        this.nodeTtlMillis = Long.toString(nodeTtl.toMillis());
    }

    /** The other nodes' sessions, as this node last heard. */
    public ClusterView view() {
        return view;
    }

    /** This node now has {@code connections} connections of the session (0: waiting to resume). */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // registry writes are not awaited: the next heartbeat repairs a lost one
    public void sessionChanged(String sessionId, int connections) {
        localSessions.put(sessionId, connections);
        if (link.connected()) {
            link.commands()
                    .eval(
                            SET_SESSION,
                            ScriptOutputType.INTEGER,
                            ownRegistryKeys,
                            nodeTtlMillis,
                            sessionId,
                            Integer.toString(connections));
            link.publish(keys.eventsChannel(), new Envelope.SessionChanged(nodeId, sessionId, connections));
        }
    }

    /** The session ended on this node. */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // registry writes are not awaited: the next heartbeat repairs a lost one
    public void sessionEnded(String sessionId) {
        localSessions.remove(sessionId);
        if (link.connected()) {
            link.commands().hdel(ownRegistryKey, sessionId);
            link.publish(keys.eventsChannel(), new Envelope.SessionEnded(nodeId, sessionId));
        }
    }

    /**
     * Reserves a generated id cluster-wide; while Redis is unreachable, grants it unchecked
     * (serving the page matters more than a collision among 175,760+ ids).
     */
    public boolean reserveSessionId(String sessionId, Duration ttl) {
        if (view.holds(sessionId)) {
            return false;
        }
        try {
            String result = link.await(link.commands()
                    .set(
                            keys.reservation(sessionId),
                            nodeId,
                            SetArgs.Builder.nx().px(ttl.toMillis())));
            return "OK".equals(result);
        } catch (Exception e) {
            log.warn("Could not reserve session id in Redis; issuing it unchecked across nodes: {}", e.toString());
            return true;
        }
    }

    /** Refreshes this node's registry entries, then re-reads the other nodes'. */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // registry writes are not awaited: the next heartbeat repairs a lost one
    public void heartbeat() {
        if (!link.connected()) {
            return;
        }
        try {
            RedisAsyncCommands<String, String> redis = link.commands();
            redis.sadd(keys.nodes(), nodeId);
            redis.set(keys.liveness(nodeId), "1", SetArgs.Builder.px(nodeTtl.toMillis()));
            List<String> args = new ArrayList<>(1 + 2 * localSessions.size());
            args.add(nodeTtlMillis);
            localSessions.forEach((id, count) -> {
                args.add(id);
                args.add(Integer.toString(count));
            });
            redis.eval(REWRITE_REGISTRY, ScriptOutputType.INTEGER, ownRegistryKeys, args.toArray(String[]::new));
            view.replaceWith(readRegistry());
        } catch (Exception e) {
            log.debug("Heartbeat failed; retrying at the next one", e);
        }
    }

    /** Takes this node out of the cluster: the others forget its sessions at once. */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // registry writes are not awaited: the next heartbeat repairs a lost one
    public void leave() {
        if (!link.connected()) {
            return;
        }
        try {
            link.publish(keys.eventsChannel(), new Envelope.NodeLeft(nodeId));
            link.commands().del(ownRegistryKey, keys.liveness(nodeId));
            link.await(link.commands().srem(keys.nodes(), nodeId));
        } catch (Exception e) {
            log.debug("Could not leave the cluster cleanly; the entries expire by themselves", e);
        }
    }

    /**
     * Every live node's sessions, but this node's; forgets nodes whose liveness key expired. The
     * reads for all nodes go out before any reply is awaited: one round trip, not one per node.
     */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // registry writes are not awaited: the next heartbeat repairs a lost one
    private Map<String, Map<String, Integer>> readRegistry() throws Exception {
        RedisAsyncCommands<String, String> redis = link.commands();
        Map<String, NodeReads> reads = new HashMap<>();
        for (String node : link.await(redis.smembers(keys.nodes()))) {
            if (!node.equals(nodeId)) {
                reads.put(node, new NodeReads(redis.exists(keys.liveness(node)), redis.hgetall(keys.registry(node))));
            }
        }
        Map<String, Map<String, Integer>> snapshot = new HashMap<>();
        for (Map.Entry<String, NodeReads> node : reads.entrySet()) {
            if (link.await(node.getValue().alive()) == 0) {
                redis.srem(keys.nodes(), node.getKey());
                continue;
            }
            Map<String, Integer> counts = new HashMap<>();
            link.await(node.getValue().sessions()).forEach((id, count) -> counts.put(id, Integer.parseInt(count)));
            snapshot.put(node.getKey(), counts);
        }
        return snapshot;
    }

    /** The replies, still to come, about one other node. */
    private record NodeReads(RedisFuture<Long> alive, RedisFuture<Map<String, String>> sessions) {}
}
