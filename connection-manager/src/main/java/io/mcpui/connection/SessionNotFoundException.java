package io.mcpui.connection;

import java.util.Objects;

/** No connection, on this node or any other, belongs to the session a message was sent to. */
public class SessionNotFoundException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public SessionNotFoundException(String sessionId) {
        super(Reason.SESSION_NOT_FOUND, sessionId, "Session " + sessionId + " is not connected");
    }

    /** The session that was asked for. */
    @Override
    public String sessionId() {
        return Objects.requireNonNull(super.sessionId());
    }
}
