package io.mcpui.connection.spi;

import io.mcpui.connection.internal.InProcessBackplane;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link io.mcpui.connection.ConnectionManager}'s sessions live beyond its own
 * connections. The manager always serves its own connections itself; the backplane knows the
 * rest.
 *
 * <p>The default, {@link #inProcess()}, is a node alone: it is not {@link #clustered()}, the
 * manager numbers and keeps its sessions' messages itself, and the backplane only keeps {@link
 * #putSessionValue session values}. A cluster backplane (Redis) is the single authority for every
 * session of the cluster: it numbers each message to a session once ({@code seq}, one numbering
 * per session wherever its tabs are), records it in the session's history <em>before</em> the
 * send returns, and delivers it to every node that holds the session, this one included, through
 * {@link BackplaneReceiver#deliverToSession}, in {@code seq} order. A node {@link #takeUp takes up}
 * a session before its first connection there is open, so that a send from any node reaches it
 * from the first frame.
 *
 * <p>Implementations must be thread-safe. Methods documented as waiting for the cluster wait at
 * most a bounded time and throw {@link io.mcpui.connection.ClusterUnavailableException} when it
 * cannot be reached (or this node has not yet re-joined it after an outage); the others never
 * block.
 */
public interface Backplane extends AutoCloseable {

    /** Connects the backplane to its manager. Called once, before any other method but {@link #nodeId}. */
    void start(BackplaneReceiver receiver);

    /**
     * This node's id in the cluster: request ids start with it and a dot, so that a reply that
     * reaches another node finds its way back ({@link #forwardReply}).
     */
    String nodeId();

    /**
     * Whether other nodes share this node's sessions. If not, the manager numbers its sessions'
     * messages itself, and {@link #sendToSession}, {@link #sendRequest} and {@link #historyAfter}
     * are never called.
     */
    boolean clustered();

    /**
     * This node takes up a session: its first connection here is about to open (or it is opened
     * here for a page still to come, with {@code connections} 0). From the moment this returns,
     * every message to the session reaches this node; what was sent before is in the returned
     * history. Waits for the cluster.
     *
     * @return the session's last {@code seq} and kept messages; {@link SessionHistory#EMPTY} for a
     *     new session
     */
    SessionHistory takeUp(String sessionId, int connections);

    /**
     * This node now has {@code connections} connections of a session it took up ({@code 0}: none,
     * but the session waits here to resume). Called in order for each session, under its lock:
     * must not block or call back.
     */
    void sessionChanged(String sessionId, int connections);

    /**
     * This node lets a session go. With {@code end}, the session ends (its page left, or did not
     * come back within the resume window) unless another node holds it; then its values and
     * history are dropped and {@link BackplaneReceiver#sessionEnded} is called on every node. Without,
     * the session stays resumable in the cluster for the resume window (this node is shutting
     * down: the page will resume on another node). Called in order with {@link #takeUp} and
     * {@link #sessionChanged} for the session, under its lock: must not block or call back.
     */
    void letGo(String sessionId, boolean end);

    /**
     * Numbers a message to a session, records it in the session's history and has it delivered
     * to every node that holds the session (this one included) through {@link
     * BackplaneReceiver#deliverToSession}. Waits until it is recorded. Clustered only.
     *
     * @param payload the message as a JSON object, without {@code seq}
     * @return how many connections the holding nodes have ({@code 0} while the session waits to
     *     resume); {@link Reach#NOT_HELD} if no node has the session, and then nothing was recorded
     */
    Reach sendToSession(String sessionId, String payload);

    /**
     * As {@link #sendToSession}, for a request of this node: each holding node remembers it for
     * {@code timeout}, and a reply goes back to this node. Clustered only.
     *
     * @param payload the request as a JSON object with its {@code request_id}, without {@code seq}
     */
    Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout);

    /**
     * The session's kept messages after {@code seq}, to fill a gap in what reached this node.
     * Waits for the cluster. Clustered only.
     */
    SessionHistory historyAfter(String sessionId, long seq);

    /**
     * Sends a message to every connection on every other node. While the cluster is unreachable
     * it reaches nobody else and returns {@code 0}, so that a broadcast still reaches this node's
     * connections.
     *
     * @return how many connections the other nodes hold, as far as this node knows
     */
    int broadcast(String payload);

    /**
     * Carries a page's reply to request {@code requestId} of session {@code sessionId} to {@code
     * originNode}, which asked.
     */
    void forwardReply(String originNode, String sessionId, String requestId, String replyText);

    /** Tells {@code originNode} that this node, which holds the session, refused its request, and why. */
    void refuseRequest(String originNode, String requestId, String sessionId, String reason);

    /**
     * Reserves {@code sessionId} across the cluster for {@code ttl}, for an id this node is about
     * to issue. May wait for the cluster.
     *
     * @return {@code false} if another node uses or reserved it
     */
    boolean reserveSessionId(String sessionId, Duration ttl);

    /**
     * Sessions held by other nodes, with how many connections they have there ({@code 0}: the
     * session waits there to resume), as this node last heard.
     */
    Map<String, Integer> remoteSessions();

    /** Connections on other nodes, in total, as this node last heard. */
    int remoteConnectionCount();

    /**
     * Every other live node's sessions with their connection counts, by node id, as this node
     * last heard; a live node without sessions maps to an empty map. For operators' views.
     */
    default Map<String, Map<String, Integer>> remoteSessionsByNode() {
        return Map.of();
    }

    /**
     * Keeps {@code value} under {@code key} for the session, visible from every node until the
     * session ends. Waits for the cluster.
     *
     * @throws io.mcpui.connection.SessionNotFoundException if no node has the session
     */
    void putSessionValue(String sessionId, String key, String value);

    /** The value kept under {@code key} for the session, if any. Waits for the cluster. */
    Optional<String> sessionValue(String sessionId, String key);

    /** Removes and returns the value kept under {@code key} for the session. Waits for the cluster. */
    Optional<String> removeSessionValue(String sessionId, String key);

    /** Leaves the cluster. Sessions let go of stay resumable on other nodes. */
    @Override
    void close();

    /** The single-node backplane: no other nodes, no extra services. */
    static Backplane inProcess() {
        return new InProcessBackplane();
    }
}
