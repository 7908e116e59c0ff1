package io.mcpui.connection;

/**
 * A connection presented a session id that is not acceptable; the manager closed it with
 * {@link CloseCodes#POLICY_VIOLATION} and this message as the reason. {@link #sessionId()} is
 * {@code null}: the id is not one the manager accepts.
 */
public class InvalidSessionIdException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public InvalidSessionIdException(String message) {
        super(Reason.INVALID_SESSION_ID, null, message);
    }
}
