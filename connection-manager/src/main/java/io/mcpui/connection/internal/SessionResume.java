package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.spi.SessionHistory;
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
    private final Backplane backplane;
    private final int replayMaxMessages;
    private final long replayMaxChars;

    SessionResume(ConnectionManagerOptions options, Scheduler scheduler, Delivery delivery, Backplane backplane) {
        this.options = options;
        this.scheduler = scheduler;
        this.delivery = delivery;
        this.backplane = backplane;
        // A replay (and the resync before it) must fit a new connection's queue, or the
        // connection overflows on arrival and the page reconnects into the same replay forever.
        this.replayMaxMessages = Math.min(options.replayMaxMessages(), options.maxQueuedMessages() - 1);
        this.replayMaxChars = Math.min(options.replayMaxBytes(), options.maxQueuedBytes() - RESYNC_ALLOWANCE_CHARS);
    }

    /**
     * A session new to this node, continuing what the cluster kept of it (if it lived on another
     * node before): its numbering and its recent messages.
     */
    SessionState newSession(String sessionId) {
        ReplayBuffer replay = new ReplayBuffer(
                replayMaxMessages, replayMaxChars, options.resumeWindow().toNanos());
        SessionState state = new SessionState(sessionId, replay);
        if (options.resumable()) {
            SessionHistory history = backplane.loadHistory(sessionId);
            long nowNanos = scheduler.nanoTime();
            long nowMillis = scheduler.currentTimeMillis();
            for (SessionHistory.Entry entry : history.entries()) {
                long ageNanos = Math.max(0, nowMillis - entry.sentAtEpochMillis()) * 1_000_000;
                replay.add(entry.seq(), entry.text(), nowNanos - ageNanos);
            }
            state.lastSeq = history.lastSeq();
        }
        return state;
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
