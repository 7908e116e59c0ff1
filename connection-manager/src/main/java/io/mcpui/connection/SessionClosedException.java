package io.mcpui.connection;

/**
 * A request was waiting for a reply when its session went away: the last connection of the
 * session closed, or the manager shut down.
 */
public class SessionClosedException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    private final String sessionId;

    public SessionClosedException(String sessionId, String reason) {
        super("Session " + sessionId + " closed before it replied: " + reason);
        this.sessionId = sessionId;
    }

    /** The session that went away. */
    public String sessionId() {
        return sessionId;
    }
}
