package io.mcpui.connection.spi;

import io.mcpui.connection.internal.InProcessBackplane;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link io.mcpui.connection.ConnectionManager} reaches sessions held by other nodes of a
 * cluster. The manager always serves its own connections itself; it calls the backplane only for
 * what lies beyond this node, and the backplane hands what other nodes send here to the {@link
 * BackplaneReceiver} given to {@link #start}.
 *
 * <p>The default, {@link #inProcess()}, knows no other node: it reports no remote sessions and
 * sends nothing. A cluster backplane (Redis) keeps a registry of which node holds which session
 * and carries messages, requests and replies between nodes.
 *
 * <p>Implementations must be thread-safe, and no method may block on the network except {@link
 * #reserveSessionId} and {@link #loadHistory}: sends are published asynchronously. Sends that must
 * cross to another node while the cluster is unreachable throw {@link
 * io.mcpui.connection.ClusterUnavailableException} at once.
 */
public interface Backplane extends AutoCloseable {

    /** Connects the backplane to its manager. Called once, before any other method. */
    void start(BackplaneReceiver receiver);

    /**
     * This node's part of a session changed: {@code sessionId} now has {@code localConnections}
     * connections here ({@code 0}: none, but the session waits here to resume). Called in order for
     * each session, under its lock: it must not block or call back.
     */
    void sessionChanged(String sessionId, int localConnections);

    /**
     * The session ended on this node: it no longer waits here. Called in order with {@link
     * #sessionChanged} for the session, under its lock (a session of the same id started next is
     * announced after this): it must not block or call back.
     */
    default void sessionEnded(String sessionId) {}

    /**
     * A message was sent to a session held here ({@code entry.text()} carries its {@code seq}); a
     * cluster keeps it so that the page can resume on another node. Called under the session's
     * lock: it must not block.
     */
    default void recordMessage(String sessionId, SessionHistory.Entry entry) {}

    /**
     * What the cluster kept of a session this node is about to take up (a page reconnecting
     * here): its last {@code seq} and recent messages. May wait briefly for the shared store; if it
     * cannot be reached, returns {@link SessionHistory#EMPTY} (the page is then told to resync).
     */
    default SessionHistory loadHistory(String sessionId) {
        return SessionHistory.EMPTY;
    }

    /**
     * Reserves {@code sessionId} across the cluster for {@code ttl}, for an id this node is about
     * to issue. May wait for the cluster's shared store.
     *
     * @return {@code false} if another node uses or reserved it
     */
    boolean reserveSessionId(String sessionId, Duration ttl);

    /**
     * Whether another node may hold {@code sessionId}, from what this node knows (no network): a
     * cheap check before a message is encoded for the other nodes.
     */
    boolean holdsRemotely(String sessionId);

    /**
     * Sessions held by other nodes, with how many connections they have there ({@code 0}: the
     * session waits there to resume).
     */
    Map<String, Integer> remoteSessions();

    /** Connections on other nodes, in total. */
    int remoteConnectionCount();

    /**
     * Sends a message to the connections other nodes hold for {@code sessionId}.
     *
     * @param payload the message as a JSON object, without {@code seq}: the holding node numbers it
     * @return how many connections other nodes hold for it, as far as this node knows ({@code 0}
     *     while it waits to resume there); {@link Reach#NOT_HELD} if no other node holds it, and
     *     then nothing was sent
     */
    Reach sendToSession(String sessionId, String payload);

    /**
     * Sends a request to the node that holds {@code sessionId}. That node delivers it with {@link
     * BackplaneReceiver#deliverRequest} and routes the first reply from one of the session's
     * connections back to this node's {@link BackplaneReceiver#completeRequest}, or tells it that
     * the session went away ({@link BackplaneReceiver#failRequest}).
     *
     * @param payload the request as a JSON object with its {@code request_id}, without {@code seq}
     * @return how many connections other nodes hold for the session; {@link Reach#NOT_HELD} if no
     *     other node holds it, and then nothing was sent
     */
    Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout);

    /**
     * Sends a message to every connection on every other node. While the cluster is unreachable
     * it reaches nobody else and returns {@code 0}, so that a broadcast still reaches this node's
     * connections.
     *
     * @return how many connections the other nodes hold, as far as this node knows
     */
    int broadcast(String payload);

    /** Carries the reply to request {@code requestId} back to {@code originNode}, which asked. */
    void forwardReply(String originNode, String requestId, String replyText);

    /** Tells {@code originNode} that the session it asked went away here before replying. */
    void forwardFailure(String originNode, String requestId, String sessionId, String reason);

    /** Leaves the cluster. This node's sessions disappear from other nodes' views. */
    @Override
    void close();

    /** The single-node backplane: no other nodes, no extra services. */
    static Backplane inProcess() {
        return new InProcessBackplane();
    }
}
