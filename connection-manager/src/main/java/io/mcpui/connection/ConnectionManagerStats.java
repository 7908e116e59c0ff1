package io.mcpui.connection;

/**
 * A snapshot of one node's counters, from {@link ConnectionManager#stats()}. Counters only grow
 * over the manager's life; {@code connections}, {@code sessions} and {@code pendingRequests} are
 * current values. Immutable.
 *
 * @param connections open connections on this node
 * @param sessions sessions with at least one connection on this node
 * @param messagesQueued messages accepted into a connection's outbound queue
 * @param messagesDropped messages not queued because a queue was full ({@link
 *     OverflowPolicy#DROP_MESSAGE}) or its connection was closing
 * @param slowConnectionsClosed connections closed because their queue overflowed ({@link
 *     OverflowPolicy#CLOSE_CONNECTION})
 * @param sendFailures sends the transport reported as failed (each ends its connection)
 * @param malformedMessages inbound frames that were not a JSON object
 * @param unhandledMessages inbound messages with no handler for their type
 * @param handlerFailures inbound messages whose handler threw
 * @param unmatchedReplies messages whose {@code request_id} matched no waiting request
 * @param rejectedReplies replies to a waiting request from a connection of another session
 * @param requestsSent requests sent to a session
 * @param requestsTimedOut requests that got no reply in time
 * @param requestsCancelled requests whose asker cancelled the future (the page was told)
 * @param pendingRequests requests waiting for a reply now
 */
public record ConnectionManagerStats(
        int connections,
        int sessions,
        long messagesQueued,
        long messagesDropped,
        long slowConnectionsClosed,
        long sendFailures,
        long malformedMessages,
        long unhandledMessages,
        long handlerFailures,
        long unmatchedReplies,
        long rejectedReplies,
        long requestsSent,
        long requestsTimedOut,
        long requestsCancelled,
        int pendingRequests) {}
