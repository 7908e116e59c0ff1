package io.mcpui.connection;

/**
 * A request was refused because the manager already waits for {@link
 * ConnectionManagerOptions#maxPendingRequests()} replies. Retry later, or raise the limit.
 */
public class TooManyPendingRequestsException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public TooManyPendingRequestsException(int limit) {
        super("Too many requests are waiting for replies (limit " + limit + "); retry later");
    }
}
