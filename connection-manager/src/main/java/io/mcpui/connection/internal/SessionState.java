package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * One session on this node: its connections, its {@code seq} counter and its replay buffer. All
 * fields are written under the instance's monitor ({@code peers} is also read without it), which also orders everything sent to the
 * session: a message gets its {@code seq}, enters the buffer and reaches the connections under
 * the lock, so a reconnecting page gets each message exactly once, either replayed or live.
 */
final class SessionState {

    static final Peer[] NO_PEERS = new Peer[0];

    final String id;
    final ReplayBuffer replay;
    volatile Peer[] peers = NO_PEERS;
    long lastSeq;
    Scheduler.@Nullable Cancellable expiry;
    /** Removed from the registry: a thread that still holds a reference must look again. */
    boolean ended;

    SessionState(String id, ReplayBuffer replay) {
        this.id = id;
        this.replay = replay;
    }
}
