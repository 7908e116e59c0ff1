package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * This node's connections, and its sessions with their connections oldest first. Every
 * operation takes constant time in the number of connections; a session's own array is copied
 * on change, which is cheap because a session has a handful of tabs.
 */
final class SessionRegistry {

    private static final Peer[] NONE = new Peer[0];

    private final ConcurrentHashMap<Connection, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Peer[]> sessions = new ConcurrentHashMap<>();
    private final ObjIntConsumer<String> sessionChanged;

    /**
     * @param sessionChanged told each session's new local connection count, in order per
     *     session (it runs while the session's entry is locked, so it must be quick)
     */
    SessionRegistry(ObjIntConsumer<String> sessionChanged) {
        this.sessionChanged = sessionChanged;
    }

    /** Registers the peer; {@code false} if its connection is registered already. */
    boolean add(Peer peer) {
        return peers.putIfAbsent(peer.connection, peer) == null;
    }

    /** Adds a registered peer to its session; returns the session's connection count. */
    int join(Peer peer, String sessionId) {
        Peer[] after = sessions.compute(sessionId, (id, current) -> {
            Peer[] grown = current == null ? new Peer[1] : Arrays.copyOf(current, current.length + 1);
            grown[grown.length - 1] = peer;
            sessionChanged.accept(id, grown.length);
            return grown;
        });
        return after.length;
    }

    /** Unregisters a connection; returns its peer, or {@code null} if it was not registered. */
    @Nullable
    Peer remove(Connection connection) {
        return peers.remove(connection);
    }

    /** Takes a peer out of its session; returns how many connections the session has left. */
    int leave(Peer peer, String sessionId) {
        Peer[] after = sessions.computeIfPresent(sessionId, (id, current) -> {
            Peer[] shrunk = without(current, peer);
            if (shrunk.length != current.length) {
                sessionChanged.accept(id, shrunk.length);
            }
            return shrunk.length == 0 ? null : shrunk;
        });
        return after == null ? 0 : after.length;
    }

    @Nullable
    Peer peer(Connection connection) {
        return peers.get(connection);
    }

    /** The session's connections on this node, oldest first; empty if none. */
    Peer[] session(String sessionId) {
        Peer[] found = sessions.get(sessionId);
        return found == null ? NONE : found;
    }

    boolean hasSession(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    Collection<Peer> all() {
        return peers.values();
    }

    int connectionCount() {
        return peers.size();
    }

    int sessionCount() {
        return sessions.size();
    }

    Set<String> sessionIds() {
        return Set.copyOf(sessions.keySet());
    }

    /** Each session on this node with its connection count. */
    Map<String, Integer> sessionCounts() {
        Map<String, Integer> counts = new HashMap<>();
        sessions.forEach((id, peers) -> counts.put(id, peers.length));
        return counts;
    }

    private static Peer[] without(Peer[] peers, Peer gone) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] == gone) {
                Peer[] shrunk = new Peer[peers.length - 1];
                System.arraycopy(peers, 0, shrunk, 0, i);
                System.arraycopy(peers, i + 1, shrunk, i, peers.length - i - 1);
                return shrunk;
            }
        }
        return peers;
    }
}
