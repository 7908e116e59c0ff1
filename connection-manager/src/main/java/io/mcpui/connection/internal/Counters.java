package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerStats;
import java.util.concurrent.atomic.LongAdder;

/** The manager's monotonic counters; see {@link io.mcpui.connection.ConnectionManagerStats}. */
final class Counters {
    final LongAdder messagesQueued = new LongAdder();
    final LongAdder messagesDropped = new LongAdder();
    final LongAdder slowConnectionsClosed = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder malformedMessages = new LongAdder();
    final LongAdder unhandledMessages = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder unmatchedReplies = new LongAdder();
    final LongAdder rejectedReplies = new LongAdder();
    final LongAdder requestsSent = new LongAdder();
    final LongAdder requestsTimedOut = new LongAdder();
    final LongAdder requestsCancelled = new LongAdder();

    /** The counters with the current values of this node. */
    ConnectionManagerStats snapshot(int connections, int sessions, int pendingRequests) {
        return new ConnectionManagerStats(
                connections,
                sessions,
                messagesQueued.sum(),
                messagesDropped.sum(),
                slowConnectionsClosed.sum(),
                sendFailures.sum(),
                malformedMessages.sum(),
                unhandledMessages.sum(),
                handlerFailures.sum(),
                unmatchedReplies.sum(),
                rejectedReplies.sum(),
                requestsSent.sum(),
                requestsTimedOut.sum(),
                requestsCancelled.sum(),
                pendingRequests);
    }
}
