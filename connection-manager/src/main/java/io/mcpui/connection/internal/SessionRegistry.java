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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's connections and sessions. Lookups take constant time. A session outlives its last
 * connection for the resume window, keeping its {@code seq} counter and recent messages, so that
 * a page that reconnects misses nothing; {@link SessionState} explains the locking.
 */
final class SessionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

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
                if (created.arrivedEarly != null) {
                    for (SessionState.Arrival arrival : created.arrivedEarly) {
                        accept(created, arrival, overflowed);
                    }
                    created.arrivedEarly = null;
                }
                created.takingUp = false;
                created.notifyAll();
            }
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
     * Sends to a session here, on a node alone: {@code text} (a JSON object without {@code seq})
     * gets the session's next {@code seq}, enters the replay buffer and goes to the session's
     * connections.
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
            reached = delivery.toSession(state.peers, numbered, overflowed);
        }
        delivery.forget(overflowed);
        return Reach.held(reached);
    }

    /**
     * Delivers a message the cluster numbered to a session held here. Messages this node has
     * already are dropped; missing ones before it are fetched from the cluster first.
     *
     * @param toConnections whether this node hands it to its connections, or only keeps it
     * @return how many connections took it
     */
    int deliverNumbered(String sessionId, long seq, String text, boolean toConnections) {
        SessionState state = sessions.get(sessionId);
        if (state == null) {
            return 0;
        }
        List<Peer> overflowed = new ArrayList<>(0);
        int reached;
        synchronized (state) {
            if (state.ended) {
                return 0;
            }
            SessionState.Arrival arrival = new SessionState.Arrival(seq, text, toConnections);
            if (state.takingUp) {
                if (state.arrivedEarly == null) {
                    state.arrivedEarly = new ArrayList<>();
                }
                state.arrivedEarly.add(arrival);
                return 0;
            }
            reached = accept(state, arrival, overflowed);
        }
        delivery.forget(overflowed);
        return reached;
    }

    /** Applies one numbered message, in order, exactly once. Call holding the state's lock. */
    private int accept(SessionState state, SessionState.Arrival arrival, List<Peer> overflowed) {
        if (arrival.seq() <= state.lastSeq) {
            return 0; // in the history it was taken up with, or delivered twice
        }
        if (arrival.seq() > state.lastSeq + 1) {
            fillGap(state, arrival.seq(), overflowed);
        }
        state.lastSeq = arrival.seq();
        state.replay.add(arrival.seq(), arrival.text(), scheduler.nanoTime());
        return arrival.toConnections() ? delivery.toSession(state.peers, arrival.text(), overflowed) : 0;
    }

    /**
     * Messages before {@code seq} did not arrive (a lost subscription): fetches them from the
     * cluster's history. Rare, so it waits for the cluster under the session's lock.
     */
    private void fillGap(SessionState state, long seq, List<Peer> overflowed) {
        SessionHistory missing;
        try {
            missing = backplane.historyAfter(state.id, state.lastSeq);
        } catch (RuntimeException e) {
            log.warn("Session {} missed messages {} to {}: {}", state.id, state.lastSeq + 1, seq - 1, e.toString());
            return;
        }
        for (SessionHistory.Entry entry : missing.entries()) {
            if (entry.seq() > state.lastSeq && entry.seq() < seq) {
                state.lastSeq = entry.seq();
                state.replay.add(entry.seq(), entry.text(), scheduler.nanoTime());
                delivery.toSession(state.peers, entry.text(), overflowed);
            }
        }
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
