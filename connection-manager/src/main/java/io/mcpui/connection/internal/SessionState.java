package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Scheduler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One session on this node: its connections, its {@code seq} counter and its replay buffer. All
 * fields are written under the instance's monitor ({@code peers} is also read without it), which
 * also orders everything sent to the session: a message gets its {@code seq} (here, or from the
 * cluster), enters the buffer and reaches the connections under the lock, so a reconnecting page
 * gets each message exactly once, either replayed or live.
 */
final class SessionState {

    static final Peer[] NO_PEERS = new Peer[0];

    final String id;
    final ReplayBuffer replay;
    volatile Peer[] peers = NO_PEERS;
    /** The highest {@code seq} this node numbered or received for the session. */
    long lastSeq;

    Scheduler.@Nullable Cancellable expiry;
    /** Removed from the registry: a thread that still holds a reference must look again. */
    boolean ended;
    /**
     * Being taken up from the cluster: what the cluster delivers meanwhile waits in {@link
     * #arrivedEarly} until the session's history is in, and joining threads wait on the monitor.
     */
    boolean takingUp;

    @Nullable
    List<Arrival> arrivedEarly;

    SessionState(String id, ReplayBuffer replay) {
        this.id = id;
        this.replay = replay;
    }

    /** A numbered message from the cluster, and whether this node hands it to its connections. */
    record Arrival(long seq, String text, boolean toConnections) {}
}
