package io.mcpui.connection;

import org.jspecify.annotations.Nullable;

/**
 * The root of the exceptions the connection manager reports. Unchecked; asynchronous failures
 * arrive as the cause of an exceptionally completed future.
 *
 * <p>Every instance says why it failed ({@link #reason()}) and, where one session is concerned,
 * which ({@link #sessionId()}), so that a server can map failures to its own answers (an HTTP
 * status, a message for an assistant) in one place, by reason, without testing classes.
 */
public class ConnectionManagerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** No node has the session, live or waiting to resume ({@link SessionNotFoundException}). */
        SESSION_NOT_FOUND,
        /** The session ended before it replied ({@link SessionClosedException}). */
        SESSION_CLOSED,
        /** The session did not reply in time ({@link RequestTimeoutException}). */
        REQUEST_TIMEOUT,
        /** The message had to cross nodes and the cluster is unreachable ({@link ClusterUnavailableException}). */
        CLUSTER_UNAVAILABLE,
        /** Too many requests wait for replies already ({@link TooManyPendingRequestsException}). */
        TOO_MANY_PENDING_REQUESTS,
        /** The session's connections are not reading their messages, so a request could not be queued. */
        PAGE_NOT_READING,
        /** The page answered a request with something that is not a JSON object. */
        MALFORMED_REPLY,
        /** A connection was refused at a limit ({@link ConnectionLimitException}). */
        CONNECTION_LIMIT,
        /** A connection presented an unacceptable session id ({@link InvalidSessionIdException}). */
        INVALID_SESSION_ID,
        /** No free session id was found ({@link SessionIdsExhaustedException}). */
        SESSION_IDS_EXHAUSTED
    }

    private final Reason reason;
    private final @Nullable String sessionId;

    public ConnectionManagerException(Reason reason, @Nullable String sessionId, String message) {
        super(message);
        this.reason = reason;
        this.sessionId = sessionId;
    }

    public ConnectionManagerException(Reason reason, @Nullable String sessionId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.sessionId = sessionId;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }

    /** The session concerned, or {@code null} when the failure is not about one session. */
    public @Nullable String sessionId() {
        return sessionId;
    }
}
