package io.mcpui.connection;

/**
 * A request was refused because the manager already waits for {@link
 * ConnectionManagerOptions#maxPendingRequests()} replies. Retry later, or raise the limit.
 */
public class TooManyPendingRequestsException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public TooManyPendingRequestsException(String sessionId, int limit) {
        super(
                Reason.TOO_MANY_PENDING_REQUESTS,
                sessionId,
                "Too many requests are waiting for replies (limit " + limit + "); retry later");
    }
}
