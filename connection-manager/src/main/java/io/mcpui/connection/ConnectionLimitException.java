package io.mcpui.connection;

/**
 * A connection was refused because a limit was reached: too many connections for its session
 * ({@link ConnectionManagerOptions#maxConnectionsPerSession()}, closed with {@link
 * CloseCodes#POLICY_VIOLATION}) or too many sessions on this node ({@link
 * ConnectionManagerOptions#maxSessions()}, closed with {@link CloseCodes#TRY_AGAIN_LATER}). The
 * message is the close reason the page received.
 */
public class ConnectionLimitException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public ConnectionLimitException(String sessionId, String message) {
        super(Reason.CONNECTION_LIMIT, sessionId, message);
    }
}
