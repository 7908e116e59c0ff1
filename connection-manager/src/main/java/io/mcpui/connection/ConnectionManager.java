package io.mcpui.connection;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Knows which browser connections belong to which session, delivers messages to a session or to
 * everyone, correlates requests with replies, and cleans up after connections that die.
 *
 * <p>Create one with {@link #builder()}. A transport adapter calls {@link #connect}, {@link
 * #receive} and {@link #disconnect}; the application sends with {@link #sendToSession}, {@link
 * #broadcast} and {@link #request}, and reacts to pages with {@link #onMessage} and {@link
 * #addListener}.
 *
 * <p>Thread-safe: every method may be called from any thread. Connecting, disconnecting and
 * looking up a session take constant time. No method waits for a page: each connection has a
 * bounded outbound queue, and a connection whose queue overflows is closed or has messages
 * dropped ({@link ConnectionManagerOptions#overflowPolicy()}), so one slow page never delays the
 * others. With a cluster backplane, sending to a session, requesting, connecting a session new to
 * this node and session values wait for the cluster (a bounded time): a message the call accepted
 * is recorded cluster-wide before the call returns.
 *
 * <p>Messages are JSON objects: any value the {@link io.mcpui.connection.spi.JsonCodec} encodes
 * as an object (records, maps), or JSON text already ({@link JsonText}), sent as it is. A page may open several connections for one session (tabs);
 * {@link ConnectionManagerOptions#deliveryPolicy()} decides which of them a message reaches.
 *
 * <p>Every message to a session carries a {@code seq} field, counting up from 1 per session. The
 * session keeps its recent messages for {@link ConnectionManagerOptions#resumeWindow()}; a page
 * whose connection dropped reconnects with the last {@code seq} it saw ({@link #reconnect}) and
 * gets what it missed, in order, exactly once, or {@code {"type":"resync","seq":n}} when the gap
 * cannot be filled (then it continues after {@code n}). While the session has no connection
 * (within the window), messages to it are kept for it and requests wait for it. Broadcasts carry
 * no {@code seq} and are not kept. In a cluster a session has one numbering wherever its tabs
 * are, and its messages are kept cluster-wide, so a page resumes on any node.
 */
public interface ConnectionManager extends AutoCloseable {

    /** The field that correlates a request with its reply. */
    String REQUEST_ID_FIELD = "request_id";

    /** A builder with the defaults: in-process backplane, Jackson codec, system scheduler. */
    static ConnectionManagerBuilder builder() {
        return new ConnectionManagerBuilder();
    }

    /**
     * Registers a connection, under {@code sessionId} or, when it is {@code null}, as a
     * broadcast-only connection; then {@link ConnectionListener#onConnect} runs on this thread.
     * Transport adapters call it before the WebSocket handshake completes (the connection holds
     * what is sent to it until it is open), so that once the page sees its WebSocket open, a send
     * from anywhere reaches it.
     *
     * @throws InvalidSessionIdException if {@code sessionId} is empty, longer than {@link
     *     ConnectionManagerOptions#maxSessionIdLength()}, or has characters other than {@code
     *     a-z A-Z 0-9 _ -}; the connection is then closed with {@link
     *     CloseCodes#POLICY_VIOLATION} and the exception's message as reason
     * @throws ConnectionLimitException if the session has {@link
     *     ConnectionManagerOptions#maxConnectionsPerSession()} connections already, or this node
     *     holds {@link ConnectionManagerOptions#maxSessions()} sessions; the connection is then
     *     closed with a code and the exception's message as reason
     * @throws ClusterUnavailableException if the session is new to this node and the cluster
     *     cannot be reached; the connection is then closed with {@link CloseCodes#TRY_AGAIN_LATER}
     * @throws IllegalStateException if the connection is already registered, or the manager is
     *     closed (the connection is then closed with {@link CloseCodes#SERVICE_RESTART})
     */
    void connect(Connection connection, @Nullable String sessionId);

    /**
     * Registers the connection of a page that already received the session's messages up to
     * {@code lastSeq} (the {@code last_seq} it sent when reconnecting), and queues to it what it
     * missed: the kept messages after {@code lastSeq}, in order; or, when some of them are no
     * longer kept (or the session is new to this node), {@code {"type":"resync","seq":n}} followed
     * by the kept messages after {@code n}. Otherwise as {@link #connect}.
     *
     * @throws InvalidSessionIdException as {@link #connect}
     * @throws ConnectionLimitException as {@link #connect}
     * @throws IllegalArgumentException if {@code lastSeq} is negative
     */
    void reconnect(Connection connection, String sessionId, long lastSeq);

    /**
     * Forgets a connection whose transport closed with {@code closeCode}. A close the page asked
     * for ({@link CloseCodes#NORMAL} or {@link CloseCodes#GOING_AWAY}: the tab closed or
     * navigated away) ends its session at once if it was the session's last connection; any other
     * code (the network dropped, 1006) keeps the session resumable for {@link
     * ConnectionManagerOptions#resumeWindow()}. Otherwise as {@link #disconnect(Connection)}.
     */
    void disconnect(Connection connection, int closeCode);

    /**
     * Forgets a connection, drops what is still queued for it, and runs {@link
     * ConnectionListener#onDisconnect}. When it was the session's last connection, the session
     * stays resumable for {@link ConnectionManagerOptions#resumeWindow()}; when that passes
     * without a reconnect (or at once, if resuming is off), the session ends and requests waiting
     * for it fail with {@link SessionClosedException}. Does not close the transport; adapters call
     * this when it has closed. Does nothing for an unknown connection, so calling it twice is
     * harmless.
     */
    void disconnect(Connection connection);

    /**
     * Routes one inbound text message. Adapters call it for every text frame, never concurrently
     * for the same connection. {@code {"type":"ping"}} is answered with {@code {"type":"pong"}};
     * a message whose {@code request_id} matches a waiting request from this session completes
     * it; anything else goes to the handler registered for its {@code type}. Text that is not a
     * JSON object, unknown types and stray replies are counted in {@link #stats()} and otherwise
     * ignored; the connection stays open.
     */
    void receive(Connection connection, String text);

    /** Whether any connection is open, on this node or, with a cluster backplane, any other. */
    boolean hasConnections();

    /** Open connections on this node plus, with a cluster backplane, the other nodes. */
    int getConnectionCount();

    /**
     * Queues a message to the session's connections (all of them, or the newest, per {@link
     * ConnectionManagerOptions#deliveryPolicy()}), here and on other nodes, with the session's
     * next {@code seq}. A session whose connections dropped within the resume window gets it when
     * it reconnects.
     *
     * @return how many connections it was handed to ({@code 0} for a session waiting to resume)
     * @throws SessionNotFoundException if no node has the session, live or resumable
     * @throws ClusterUnavailableException if the cluster cannot record the message (Redis is
     *     unreachable, or this node has not re-joined it yet): nothing was sent
     * @throws IllegalArgumentException if {@code message} does not encode to a JSON object
     * @throws IllegalStateException if the manager is closed
     */
    int sendToSession(String sessionId, Object message);

    /**
     * Queues a message to every connection, with or without a session, on every node. The
     * message is encoded once.
     *
     * @return how many connections it was handed to
     * @throws IllegalArgumentException if {@code message} does not encode to a JSON object
     * @throws IllegalStateException if the manager is closed
     */
    int broadcast(Object message);

    /**
     * Sends {@code message} with a fresh {@code request_id} field added, and returns a future of
     * the first reply carrying that {@code request_id} from a connection of the same session.
     * Replies from connections of other sessions are ignored and counted. The request reaches
     * the session wherever its page is, and its reply comes back here from whichever node the
     * page is connected to when it answers.
     *
     * <p>The future completes exceptionally with {@link SessionNotFoundException} at once if no
     * node has the session; {@link SessionClosedException} as soon as the session ends (its last
     * connection closed and it did not resume within the resume window) or the manager closes; a
     * request to a session waiting to resume is delivered when it reconnects; {@link
     * RequestTimeoutException} after {@code timeout}; {@link TooManyPendingRequestsException} if
     * {@link ConnectionManagerOptions#maxPendingRequests()} requests already wait here, or on the
     * node that holds the session (requests from other nodes count there too); {@link
     * ClusterUnavailableException} if the cluster cannot record it. Cancelling the future forgets the request at once and sends the session
     * {@code {"type":"cancel","request_id":…}}, so that the page can stop working on it. No entry
     * outlives its future. The future completes on the transport
     * thread that read the reply or on the scheduler's thread; use the {@code *Async} methods of
     * {@link CompletableFuture} for slow follow-up work.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or {@code message}
     *     does not encode to a JSON object
     * @throws IllegalStateException if the manager is closed
     */
    CompletableFuture<InboundMessage> request(String sessionId, Object message, Duration timeout);

    /**
     * Reserves and returns a session id that no live session uses and no earlier call returned
     * within {@link ConnectionManagerOptions#sessionIdReservation()}, across the cluster.
     *
     * @throws SessionIdsExhaustedException if the generator found no free id
     */
    String generateSessionId();

    /**
     * Opens a session that has no connection yet, for a page that is given its id rather than
     * choosing one (an in-chat view): until its first connection arrives, within {@link
     * ConnectionManagerOptions#resumeWindow()}, it is a session waiting to resume. Messages sent
     * to it are kept (its page gets them by connecting with {@code last_seq} 0) and requests
     * wait; other nodes see it. Does nothing if the session exists already.
     *
     * @throws InvalidSessionIdException if the id is not acceptable
     * @throws ConnectionLimitException if this node holds {@link
     *     ConnectionManagerOptions#maxSessions()} sessions
     * @throws IllegalStateException if resuming is off (a zero resume window), or the manager
     *     is closed
     */
    void openSession(String sessionId);

    /** The ids of sessions with a connection on this node or, with a cluster backplane, any. */
    Set<String> getSessionIds();

    /**
     * Every session with its number of open connections (tabs), on this node and, with a cluster
     * backplane, all others. A snapshot: it does not change afterwards.
     */
    Map<String, Integer> getSessions();

    /**
     * The sessions of every node, by node id: this node's (under {@link #nodeId()}) and, with a
     * cluster backplane, those of every other live node as this node last heard (a node with no
     * session is listed with none). For operators; routing does not use it. A snapshot.
     */
    Map<String, Map<String, Integer>> getSessionsByNode();

    /** This node's id in its cluster (alone, a fixed name). */
    String nodeId();

    /**
     * The newest of the session's connections on this node; empty if this node holds none (the
     * session may still live on another node).
     */
    Optional<Connection> getSessionConnection(String sessionId);

    /**
     * Routes inbound messages whose {@code type} field equals {@code type} to {@code handler}.
     *
     * @throws IllegalStateException if a handler for {@code type} is already registered
     * @throws IllegalArgumentException if {@code type} is {@code ping}, which the manager answers
     */
    void onMessage(String type, MessageHandler handler);

    /** Adds a listener for connections joining and leaving. */
    void addListener(ConnectionListener listener);

    /** Removes a listener added before; does nothing if it is not registered. */
    void removeListener(ConnectionListener listener);

    /** This node's counters. */
    ConnectionManagerStats stats();

    /**
     * Keeps {@code value} under {@code key} for a session (an app's state for it, say the last
     * error its page reported), visible from every node until the session ends.
     *
     * @throws SessionNotFoundException if no node has the session
     * @throws ClusterUnavailableException if the cluster cannot be reached
     * @throws IllegalStateException if the manager is closed
     */
    void putSessionValue(String sessionId, String key, String value);

    /**
     * The value kept under {@code key} for a session, from whichever node put it; empty if none.
     *
     * @throws ClusterUnavailableException if the cluster cannot be reached
     * @throws IllegalStateException if the manager is closed
     */
    Optional<String> sessionValue(String sessionId, String key);

    /**
     * Removes the value kept under {@code key} for a session and returns it; empty if none.
     *
     * @throws ClusterUnavailableException if the cluster cannot be reached
     * @throws IllegalStateException if the manager is closed
     */
    Optional<String> removeSessionValue(String sessionId, String key);

    /**
     * Shuts down: closes every connection with {@link CloseCodes#SERVICE_RESTART}, so that pages
     * reconnect; in a cluster their sessions stay resumable and continue on another node (a shutdown
     * is not the page leaving), on a node alone they end. Fails the requests this node waits for
     * with {@link SessionClosedException} and leaves the cluster. Later calls to send, request or
     * connect throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    void close();
}
