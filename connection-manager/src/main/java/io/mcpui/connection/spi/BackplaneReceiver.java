package io.mcpui.connection.spi;

import java.time.Duration;
import java.util.List;

/**
 * The manager's side of a {@link Backplane}: what reaches this node from the cluster. Implemented
 * by the manager. Methods never block on the network unless documented, and may be called from
 * any thread; the deliveries of one session come from one thread, in {@code seq} order.
 */
public interface BackplaneReceiver {

    /**
     * Delivers a numbered message to this node's connections of a session it holds. A message
     * whose {@code seq} this node had already is dropped; when messages are missing before it,
     * they are first fetched with {@link Backplane#historyAfter}.
     *
     * @param text the message with its {@code seq}
     * @return how many connections it was queued to
     */
    int deliverToSession(String sessionId, long seq, String text);

    /**
     * As {@link #deliverToSession}, for a request that {@code originNode} sent: this node
     * remembers it for {@code timeout}: it counts against this node's pending-request limit, and
     * when the limit is reached it is refused back to the origin ({@link Backplane#refuseRequest})
     * instead of handed to the connections. The reply goes back with {@link Backplane#forwardReply}.
     */
    void deliverRequest(String originNode, String sessionId, long seq, String requestId, String text, Duration timeout);

    /**
     * Delivers a message to every connection on this node.
     *
     * @return how many connections it was queued to
     */
    int deliverBroadcast(String payload);

    /** Completes this node's request {@code requestId} with a reply another node received from {@code sessionId}. */
    void completeRequest(String sessionId, String requestId, String replyText);

    /** Fails this node's request {@code requestId}: the node that holds its session refused it. */
    void requestRefused(String requestId, String sessionId, String reason);

    /** The session ended in the whole cluster: requests waiting for it fail. */
    void sessionEnded(String sessionId);

    /**
     * The sessions this node holds, with their connections here and what this node kept of them,
     * for a backplane re-joining the cluster after an outage (which may have lost its data).
     */
    List<HeldSession> heldSessions();

    /**
     * One session this node holds.
     *
     * @param sessionId its id
     * @param connections its connections here ({@code 0}: waiting to resume here)
     * @param kept its last {@code seq} and the messages this node keeps for it
     */
    record HeldSession(String sessionId, int connections, SessionHistory kept) {}
}
