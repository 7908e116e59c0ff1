package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.spi.SessionHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a session resumable: each new session starts from what the cluster kept of it, and
 * a page that reconnects with {@code last_seq} gets what it missed, or a {@code resync}.
 */
final class SessionResume {

    /** Room left in a resuming connection's queue for the resync before a replay. */
    private static final int RESYNC_ALLOWANCE_CHARS = 64;

    private final ConnectionManagerOptions options;
    private final Scheduler scheduler;
    private final Delivery delivery;
    private final int replayMaxMessages;
    private final long replayMaxChars;

    SessionResume(ConnectionManagerOptions options, Scheduler scheduler, Delivery delivery) {
        this.options = options;
        this.scheduler = scheduler;
        this.delivery = delivery;
        // A replay (and the resync before it) must fit a new connection's queue, or the
        // connection overflows on arrival and the page reconnects into the same replay forever.
        this.replayMaxMessages = Math.min(options.replayMaxMessages(), options.maxQueuedMessages() - 1);
        this.replayMaxChars = Math.min(options.replayMaxBytes(), options.maxQueuedBytes() - RESYNC_ALLOWANCE_CHARS);
    }

    /** A session new to this node, empty until {@link #continueFrom} gives it the cluster's history. */
    SessionState newSession(String sessionId) {
        return new SessionState(
                sessionId,
                new ReplayBuffer(
                        replayMaxMessages,
                        replayMaxChars,
                        options.resumeWindow().toNanos()));
    }

    /**
     * Continues what the cluster kept of a session (if it lived on another node before): its
     * numbering and its recent messages. Call holding the state's lock.
     */
    void continueFrom(SessionState state, SessionHistory history) {
        long nowNanos = scheduler.nanoTime();
        long nowMillis = scheduler.currentTimeMillis();
        for (SessionHistory.Entry entry : history.entries()) {
            long ageNanos = Math.max(0, nowMillis - entry.sentAtEpochMillis()) * 1_000_000;
            state.replay.add(entry.seq(), entry.text(), nowNanos - ageNanos);
        }
        state.lastSeq = Math.max(state.lastSeq, history.lastSeq());
    }

    /** What this node keeps of a session, as the cluster keeps it. Call holding the state's lock. */
    SessionHistory kept(SessionState state) {
        long nowNanos = scheduler.nanoTime();
        long nowMillis = scheduler.currentTimeMillis();
        List<SessionHistory.Entry> entries = new ArrayList<>();
        for (ReplayBuffer.Entry entry : state.replay.after(0, nowNanos)) {
            long sentAt = nowMillis - (nowNanos - entry.sentAtNanos()) / 1_000_000;
            entries.add(new SessionHistory.Entry(entry.seq(), entry.text(), sentAt));
        }
        return new SessionHistory(state.lastSeq, entries);
    }

    /**
     * Queues to {@code peer} what it missed after {@code lastSeq}: the kept messages, preceded by
     * a resync when some are no longer kept. Call holding the state's lock.
     */
    void replay(SessionState state, Peer peer, long lastSeq, List<Peer> overflowed) {
        List<ReplayBuffer.Entry> kept = state.replay.after(lastSeq, scheduler.nanoTime());
        boolean complete =
                kept.isEmpty() ? lastSeq == state.lastSeq : kept.get(0).seq() == lastSeq + 1;
        if (!complete) {
            long continueAfter = kept.isEmpty() ? state.lastSeq : kept.get(0).seq() - 1;
            delivery.offer(peer, OutboundText.resync(continueAfter), overflowed);
        }
        for (ReplayBuffer.Entry entry : kept) {
            delivery.offer(peer, entry.text(), overflowed);
        }
    }
}
