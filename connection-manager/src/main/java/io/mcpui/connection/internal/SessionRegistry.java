package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
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
 * a page that reconnects misses nothing; {@link SessionState} explains the locking, and {@link
 * SessionNumbering} how messages enter a session's numbering.
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
    private final SessionNumbering numbering;

    /**
     * @param backplane asked to take up each session new here, told of its local connection count
     *     and of its end (in order per session, under the session's lock)
     * @param sessionEnded told of each session that ended here, outside any lock
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
        this.numbering = new SessionNumbering(scheduler, delivery, backplane);
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
     * Adds a registered peer to its session, taking the session up (from the cluster) if it is
     * new here. With {@code lastSeq} at least 0, first queues to the peer what it missed (see
     * {@code ConnectionManager.reconnect}). Peers that overflowed while being sent to are added
     * to {@code overflowed}.
     *
     * @throws io.mcpui.connection.ClusterUnavailableException if the cluster cannot take it up
     */
    JoinOutcome join(Peer peer, String sessionId, long lastSeq, List<Peer> overflowed) {
        while (true) {
            SessionState state = takenUp(sessionId, 1);
            if (state == null) {
                return JoinOutcome.TOO_MANY_SESSIONS;
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
     * The session's state here, taken up from the backplane first if it is new here (with {@code
     * connections} connections to come); {@code null} if this node holds too many sessions. What
     * the cluster delivers while the session is taken up waits, and is applied after its history.
     */
    private @Nullable SessionState takenUp(String sessionId, int connections) {
        while (true) {
            SessionState state = sessions.get(sessionId);
            if (state != null) {
                synchronized (state) {
                    awaitTakenUp(state);
                    if (!state.ended) {
                        return state;
                    }
                }
                continue;
            }
            if (sessions.size() >= options.maxSessions()) {
                return null;
            }
            SessionState created = resume.newSession(sessionId);
            created.takingUp = true;
            if (sessions.putIfAbsent(sessionId, created) != null) {
                continue;
            }
            SessionHistory history;
            try {
                history = backplane.takeUp(sessionId, connections);
            } catch (RuntimeException e) {
                synchronized (created) {
                    created.ended = true;
                    created.takingUp = false;
                    sessions.remove(sessionId, created);
                    created.notifyAll();
                }
                throw e;
            }
            List<Peer> overflowed = new ArrayList<>(0);
            synchronized (created) {
                resume.continueFrom(created, history);
                numbering.applyArrivedEarly(created, overflowed);
                created.takingUp = false;
                created.notifyAll();
            }
            delivery.forget(overflowed);
            return created;
        }
    }

    /** Waits, holding the state's lock, until another thread has taken the session up. */
    private static void awaitTakenUp(SessionState state) {
        boolean interrupted = false;
        while (state.takingUp) {
            try {
                state.wait();
            } catch (InterruptedException e) {
                interrupted = true; // the take-up is bounded by the backplane's wait: finish it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
                end(state, true);
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
     * Sends to a session here, on a node alone ({@link SessionNumbering#send}).
     *
     * @return how many connections took it, or {@link Reach#NOT_HELD} if the session is not here
     */
    Reach send(String sessionId, String text) {
        SessionState state = sessions.get(sessionId);
        return state == null ? Reach.NOT_HELD : numbering.send(state, text);
    }

    /**
     * Delivers a message the cluster numbered to a session held here ({@link
     * SessionNumbering#deliver}).
     *
     * @return how many connections took it
     */
    int deliverNumbered(String sessionId, long seq, String text, boolean toConnections) {
        SessionState state = sessions.get(sessionId);
        return state == null ? 0 : numbering.deliver(state, seq, text, toConnections);
    }

    /** The sessions held here, with what this node keeps of them. */
    List<BackplaneReceiver.HeldSession> heldSessions() {
        List<BackplaneReceiver.HeldSession> held = new ArrayList<>();
        for (SessionState state : sessions.values()) {
            synchronized (state) {
                if (!state.ended && !state.takingUp) {
                    held.add(new BackplaneReceiver.HeldSession(state.id, state.peers.length, resume.kept(state)));
                }
            }
        }
        return held;
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
     * false} if this node holds too many sessions. Does nothing if the session exists here.
     *
     * @throws io.mcpui.connection.ClusterUnavailableException if the cluster cannot take it up
     */
    boolean open(String sessionId) {
        while (true) {
            SessionState state = takenUp(sessionId, 0);
            if (state == null) {
                return false;
            }
            synchronized (state) {
                if (state.ended) {
                    continue;
                }
                if (state.peers.length == 0 && state.expiry == null) {
                    state.expiry = scheduler.schedule(() -> expire(state), options.resumeWindow());
                }
                return true;
            }
        }
    }

    /**
     * Lets go of every session, for shutdown: in a cluster they stay resumable on other nodes;
     * a node alone ends them.
     */
    void letGoAll() {
        for (SessionState state : sessions.values()) {
            boolean ended = false;
            synchronized (state) {
                if (!state.ended && !state.takingUp) {
                    cancelExpiry(state);
                    end(state, false);
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
                end(state, true);
                ended = true;
            }
        }
        if (ended) {
            sessionEnded.accept(state.id);
        }
    }

    /**
     * Ends the session here and lets the backplane know: {@code inCluster}, it ends everywhere
     * unless another node holds it; else it stays resumable there. Call holding the state's
     * lock: the backplane hears of it before the id is free here, so that a session of the same
     * id started next is taken up after it, not before.
     */
    private void end(SessionState state, boolean inCluster) {
        state.ended = true;
        state.replay.clear();
        backplane.letGo(state.id, inCluster);
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
