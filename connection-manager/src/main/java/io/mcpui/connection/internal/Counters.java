package io.mcpui.connection.internal;

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
}
