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
 * Which nodes are alive and which sessions each holds, for listing and counting. Each node keeps
 * a hash of its sessions (id to connection count) and a liveness key, both expiring after {@code
 * nodeTtl} and refreshed on every {@link #heartbeat}; it publishes each change, and re-reads the
 * other nodes' hashes on every heartbeat into its {@link ClusterView}. Routing does not depend on
 * it: that is {@link ClusterSessions}'s. Generated ids are reserved cluster-wide here too.
 * Thread-safe.
 */
public final class ClusterRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);

    /**
     * Rewrites a node's session hash in one step and keeps its sessions alive, with this node as
     * a holder (in case an expired liveness key made another node drop it): KEYS[1] the hash,
     * ARGV[1] its TTL (ms), ARGV[2] the session key prefix, ARGV[3] a session key's TTL (ms),
     * ARGV[4] the node id, then id, count pairs.
     */
    private static final String REWRITE_REGISTRY = "redis.call('DEL', KEYS[1]) "
            + "for i = 5, #ARGV, 2 do "
            + "redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) "
            + "local session = ARGV[2] .. ARGV[i] "
            + "if redis.call('EXISTS', session) == 1 then "
            + "redis.call('HSET', session, ARGV[4], ARGV[i + 1]) "
            + "redis.call('PEXPIRE', session, ARGV[3]) end end "
            + "if #ARGV > 4 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "return 1";

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

    /**
     * This node now has {@code connections} connections of the session (0: waiting to resume);
     * the other nodes hear of it. The session's entries in Redis are {@link ClusterSessions}'s.
     */
    public void sessionChanged(String sessionId, int connections) {
        localSessions.put(sessionId, connections);
        if (link.connected()) {
            link.publish(keys.eventsChannel(), new Envelope.SessionChanged(nodeId, sessionId, connections));
        }
    }

    /** This node no longer holds the session (the other nodes hear of it from {@link ClusterSessions}). */
    public void sessionLeft(String sessionId) {
        localSessions.remove(sessionId);
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

    /**
     * Refreshes this node's liveness and registry entries and keeps its sessions alive, then
     * re-reads the other nodes'.
     *
     * @param sessionTtlMillis how long a session key lives without a refresh
     * @return whether it got through
     */
    public boolean heartbeat(String sessionTtlMillis) {
        if (!link.connected()) {
            return false;
        }
        try {
            RedisAsyncCommands<String, String> redis = link.commands();
            redis.sadd(keys.nodes(), nodeId);
            link.await(redis.set(keys.liveness(nodeId), "1", SetArgs.Builder.px(nodeTtl.toMillis())));
            List<String> args = new ArrayList<>(4 + 2 * localSessions.size());
            args.add(nodeTtlMillis);
            args.add(keys.sessionPrefix());
            args.add(sessionTtlMillis);
            args.add(nodeId);
            localSessions.forEach((id, count) -> {
                args.add(id);
                args.add(Integer.toString(count));
            });
            link.await(redis.eval(
                    REWRITE_REGISTRY, ScriptOutputType.INTEGER, ownRegistryKeys, args.toArray(String[]::new)));
            view.replaceWith(readRegistry());
            return true;
        } catch (Exception e) {
            log.debug("Heartbeat failed; retrying at the next one", e);
            return false;
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
