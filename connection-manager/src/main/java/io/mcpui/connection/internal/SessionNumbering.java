package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.spi.SessionHistory;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How messages enter a session's numbering, under the session's lock: on a node alone the session
 * numbers them itself ({@link #send}); in a cluster they arrive numbered ({@link #deliver}) and are
 * applied in order and once, with a gap filled from the cluster's history first. Either way each
 * enters the replay buffer and goes to the session's connections here; connections that
 * overflowed are unregistered once the lock is released. Stateless beyond its collaborators.
 */
final class SessionNumbering {

    private static final Logger log = LoggerFactory.getLogger(SessionNumbering.class);

    private final Scheduler scheduler;
    private final Delivery delivery;
    private final Backplane backplane;

    SessionNumbering(Scheduler scheduler, Delivery delivery, Backplane backplane) {
        this.scheduler = scheduler;
        this.delivery = delivery;
        this.backplane = backplane;
    }

    /**
     * {@code text} (a JSON object without {@code seq}) gets the session's next {@code seq}.
     *
     * @return how many connections took it ({@code 0} while the session waits to resume), or
     *     {@link Reach#NOT_HELD} if the session ended meanwhile
     */
    Reach send(SessionState state, String text) {
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
     * A message the cluster numbered. Messages this node has already are dropped; while the
     * session is being taken up it waits for {@link #applyArrivedEarly}.
     *
     * @param toConnections whether this node hands it to its connections, or only keeps it
     * @return how many connections took it
     */
    int deliver(SessionState state, long seq, String text, boolean toConnections) {
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

    /** Applies what arrived while the session was taken up, after its history. Call holding the lock. */
    void applyArrivedEarly(SessionState state, List<Peer> overflowed) {
        if (state.arrivedEarly != null) {
            for (SessionState.Arrival arrival : state.arrivedEarly) {
                accept(state, arrival, overflowed);
            }
            state.arrivedEarly = null;
        }
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
}
