package io.mcpui.connection;

/** No connection, on this node or any other, belongs to the session a message was sent to. */
public class SessionNotFoundException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    private final String sessionId;

    public SessionNotFoundException(String sessionId) {
        super("Session " + sessionId + " is not connected");
        this.sessionId = sessionId;
    }

    /** The session that was asked for. */
    public String sessionId() {
        return sessionId;
    }
}
