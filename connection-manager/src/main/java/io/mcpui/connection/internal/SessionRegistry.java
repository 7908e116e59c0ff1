package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.spi.SessionHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * This node's connections and sessions. Lookups take constant time. A session outlives its last
 * connection for the resume window, keeping its {@code seq} counter and recent messages, so that
 * a page that reconnects misses nothing; {@link SessionState} explains the locking.
 */
final class SessionRegistry {

    /** What became of a connection joining its session. */
    enum JoinOutcome {
        JOINED,
        TOO_MANY_CONNECTIONS,
        TOO_MANY_SESSIONS
    }

    private final ConcurrentHashMap<Connection, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final ConnectionManagerOptions options;
    private final Scheduler scheduler;
    private final Delivery delivery;
    private final SessionResume resume;
    private final Backplane backplane;
    private final Consumer<String> sessionEnded;

    /**
     * @param backplane told of each session's local connection count and of its end (in order per
     *     session, under the session's lock) and of every message sent
     * @param sessionEnded told of each session that ended, outside any lock
     */
    SessionRegistry(
            ConnectionManagerOptions options,
            Scheduler scheduler,
            Delivery delivery,
            SessionResume resume,
            Backplane backplane,
            Consumer<String> sessionEnded) {
        this.options = options;
        this.scheduler = scheduler;
        this.delivery = delivery;
        this.resume = resume;
        this.backplane = backplane;
        this.sessionEnded = sessionEnded;
    }

    /** Registers the peer; {@code false} if its connection is registered already. */
    boolean add(Peer peer) {
        return peers.putIfAbsent(peer.connection, peer) == null;
    }

    /** Unregisters a connection; returns its peer, or {@code null} if it was not registered. */
    @Nullable
    Peer remove(Connection connection) {
        return peers.remove(connection);
    }

    @Nullable
    Peer peer(Connection connection) {
        return peers.get(connection);
    }

    Collection<Peer> all() {
        return peers.values();
    }

    int connectionCount() {
        return peers.size();
    }

    /**
     * Adds a registered peer to its session, creating the session if needed. With {@code lastSeq}
     * at least 0, first queues to the peer what it missed (see {@code ConnectionManager.reconnect}).
     * Peers that overflowed while being sent to are added to {@code overflowed}.
     */
    JoinOutcome join(Peer peer, String sessionId, long lastSeq, List<Peer> overflowed) {
        while (true) {
            SessionState state = sessions.get(sessionId);
            if (state == null) {
                if (sessions.size() >= options.maxSessions()) {
                    return JoinOutcome.TOO_MANY_SESSIONS;
                }
                SessionState created = resume.newSession(sessionId);
                state = sessions.putIfAbsent(sessionId, created);
                state = state == null ? created : state;
            }
            synchronized (state) {
                if (state.ended) {
                    continue; // it ended while we looked it up: make a new one
                }
                if (state.peers.length >= options.maxConnectionsPerSession()) {
                    return JoinOutcome.TOO_MANY_CONNECTIONS;
                }
                Peer[] grown = Arrays.copyOf(state.peers, state.peers.length + 1);
                grown[grown.length - 1] = peer;
                state.peers = grown;
                cancelExpiry(state);
                backplane.sessionChanged(sessionId, grown.length);
                if (lastSeq >= 0) {
                    resume.replay(state, peer, lastSeq, overflowed);
                }
                return JoinOutcome.JOINED;
            }
        }
    }

    /**
     * Takes a peer out of its session. If it was the last one, the session ends at once when
     * {@code endNow} (or resuming is off), else when the resume window passes without a rejoin.
     */
    void leave(Peer peer, String sessionId, boolean endNow) {
        SessionState state = sessions.get(sessionId);
        if (state == null) {
            return;
        }
        boolean ended = false;
        synchronized (state) {
            Peer[] shrunk = without(state.peers, peer);
            if (shrunk == state.peers) {
                return;
            }
            state.peers = shrunk;
            if (shrunk.length == 0 && (endNow || !options.resumable())) {
                end(state);
                ended = true;
            } else {
                backplane.sessionChanged(sessionId, shrunk.length);
                if (shrunk.length == 0) {
                    state.expiry = scheduler.schedule(() -> expire(state), options.resumeWindow());
                }
            }
        }
        if (ended) {
            sessionEnded.accept(sessionId);
        }
    }

    /**
     * Sends to a session here: {@code text} (a JSON object without {@code seq}) gets the session's
     * next {@code seq}, enters the replay buffer and goes to the session's connections.
     * Connections that overflowed are unregistered once the session's lock is released.
     *
     * @return how many connections took it ({@code 0} while the session waits to resume), or
     *     {@link Reach#NOT_HELD} if the session is not here
     */
    Reach send(String sessionId, String text) {
        SessionState state = sessions.get(sessionId);
        if (state == null) {
            return Reach.NOT_HELD;
        }
        List<Peer> overflowed = new ArrayList<>(0);
        int reached;
        synchronized (state) {
            if (state.ended) {
                return Reach.NOT_HELD;
            }
            long seq = ++state.lastSeq;
            String numbered = OutboundText.withSeq(text, seq);
            state.replay.add(seq, numbered, scheduler.nanoTime());
            if (options.resumable()) {
                backplane.recordMessage(
                        sessionId, new SessionHistory.Entry(seq, numbered, scheduler.currentTimeMillis()));
            }
            reached = delivery.toSession(state.peers, numbered, overflowed);
        }
        delivery.forget(overflowed);
        return Reach.held(reached);
    }

    /** Whether the session exists here, with connections or waiting to resume. */
    boolean hasSession(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** The session's connections here, oldest first; empty if none. */
    Peer[] peersOf(String sessionId) {
        SessionState state = sessions.get(sessionId);
        return state == null ? SessionState.NO_PEERS : state.peers;
    }

    /** Each session with a connection here, with its connection count. */
    Map<String, Integer> sessionCounts() {
        Map<String, Integer> counts = new HashMap<>();
        sessions.forEach((id, state) -> {
            int connections = state.peers.length;
            if (connections > 0) {
                counts.put(id, connections);
            }
        });
        return counts;
    }

    int sessionCount() {
        int count = 0;
        for (SessionState state : sessions.values()) {
            if (state.peers.length > 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Opens a session with no connection, waiting the resume window for its first one; {@code
     * false} if this node holds too many sessions. Does nothing if the session exists.
     */
    boolean open(String sessionId) {
        if (sessions.containsKey(sessionId)) {
            return true;
        }
        if (sessions.size() >= options.maxSessions()) {
            return false;
        }
        SessionState created = resume.newSession(sessionId);
        synchronized (created) {
            if (sessions.putIfAbsent(sessionId, created) != null) {
                return true;
            }
            backplane.sessionChanged(sessionId, 0);
            created.expiry = scheduler.schedule(() -> expire(created), options.resumeWindow());
        }
        return true;
    }

    /** Ends every session waiting to resume, for shutdown. */
    void endAll() {
        for (SessionState state : sessions.values()) {
            boolean ended = false;
            synchronized (state) {
                if (!state.ended) {
                    cancelExpiry(state);
                    end(state);
                    ended = true;
                }
            }
            if (ended) {
                sessionEnded.accept(state.id);
            }
        }
    }

    private void expire(SessionState state) {
        boolean ended = false;
        synchronized (state) {
            if (!state.ended && state.peers.length == 0) {
                end(state);
                ended = true;
            }
        }
        if (ended) {
            sessionEnded.accept(state.id);
        }
    }

    /**
     * Call holding the state's lock. The backplane hears of the end before the id is free here,
     * so that a session of the same id started next is announced after it, not before.
     */
    private void end(SessionState state) {
        state.ended = true;
        state.replay.clear();
        backplane.sessionEnded(state.id);
        sessions.remove(state.id, state);
    }

    private static void cancelExpiry(SessionState state) {
        if (state.expiry != null) {
            state.expiry.cancel();
            state.expiry = null;
        }
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
