package io.mcpui.connection.spi;

import java.time.Duration;

/**
 * The manager's side of a {@link Backplane}: what other nodes send to this node. Implemented by
 * the manager. Methods never block (they queue to local connections) and may be called from any
 * thread, concurrently.
 */
public interface BackplaneReceiver {

    /**
     * Delivers a message to this node's connections of {@code sessionId}.
     *
     * @return how many connections it was queued to
     */
    int deliverToSession(String sessionId, String payload);

    /**
     * Delivers a request that {@code originNode} sent to {@code sessionId}, and remembers it for
     * {@code timeout}: the first reply from one of the session's connections goes back through
     * {@link Backplane#forwardReply}; if the session goes away first, {@link
     * Backplane#forwardFailure} tells the origin.
     */
    void deliverRequest(String originNode, String sessionId, String requestId, String payload, Duration timeout);

    /**
     * Delivers a message to every connection on this node.
     *
     * @return how many connections it was queued to
     */
    int deliverBroadcast(String payload);

    /** Completes this node's request {@code requestId} with a reply another node received. */
    void completeRequest(String requestId, String replyText);

    /** Fails this node's request {@code requestId}: its session went away on another node. */
    void failRequest(String requestId, String sessionId, String reason);
}
