package io.mcpui.connection;

import java.util.Objects;

/**
 * A request was waiting for a reply when its session went away: the last connection of the
 * session closed, or the manager shut down.
 */
public class SessionClosedException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public SessionClosedException(String sessionId, String reason) {
        super(Reason.SESSION_CLOSED, sessionId, "Session " + sessionId + " closed before it replied: " + reason);
    }

    /** The session that went away. */
    @Override
    public String sessionId() {
        return Objects.requireNonNull(super.sessionId());
    }
}
