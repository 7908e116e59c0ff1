package io.mcpui.connection.redis.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's picture of the sessions other nodes hold: refreshed in full from Redis on every
 * heartbeat, and kept current in between by the registry events nodes publish. Thread-safe.
 */
public final class ClusterView {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Integer>> nodes = new ConcurrentHashMap<>();

    /** A node now holds {@code sessionId} with {@code connections} connections (0: waiting to resume). */
    public void sessionChanged(String node, String sessionId, int connections) {
        nodes.computeIfAbsent(node, key -> new ConcurrentHashMap<>()).put(sessionId, connections);
    }

    public void sessionEnded(String node, String sessionId) {
        Map<String, Integer> sessions = nodes.get(node);
        if (sessions != null) {
            sessions.remove(sessionId);
        }
    }

    public void nodeLeft(String node) {
        nodes.remove(node);
    }

    /** Replaces the picture with a full read of the registry: node to sessions and counts. */
    public void replaceWith(Map<String, Map<String, Integer>> snapshot) {
        nodes.keySet().retainAll(snapshot.keySet());
        snapshot.forEach((node, sessions) -> nodes.put(node, new ConcurrentHashMap<>(sessions)));
    }

    /** The nodes that hold {@code sessionId}, with their connection counts for it. */
    public Map<String, Integer> holders(String sessionId) {
        Map<String, Integer> holders = new LinkedHashMap<>();
        nodes.forEach((node, sessions) -> {
            Integer count = sessions.get(sessionId);
            if (count != null) {
                holders.put(node, count);
            }
        });
        return holders;
    }

    /** Every session other nodes hold, with connection counts summed over nodes. */
    public Map<String, Integer> sessions() {
        Map<String, Integer> all = new HashMap<>();
        nodes.values().forEach(sessions -> sessions.forEach((id, count) -> all.merge(id, count, Integer::sum)));
        return all;
    }

    /** Each other node's sessions and counts, by node id: a copy. */
    public Map<String, Map<String, Integer>> byNode() {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        nodes.forEach((node, sessions) -> copy.put(node, Map.copyOf(sessions)));
        return copy;
    }

    /** Connections on other nodes, in total. */
    public int connectionCount() {
        int total = 0;
        for (Map<String, Integer> sessions : nodes.values()) {
            for (int count : sessions.values()) {
                total += count;
            }
        }
        return total;
    }

    public boolean holds(String sessionId) {
        for (Map<String, Integer> sessions : nodes.values()) {
            if (sessions.containsKey(sessionId)) {
                return true;
            }
        }
        return false;
    }
}
