package io.mcpui.connection;

import java.time.Duration;

/** A session did not reply to a request within its timeout. */
public class RequestTimeoutException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final String requestId;
    private final Duration timeout;

    public RequestTimeoutException(String sessionId, String requestId, Duration timeout) {
        super("Session " + sessionId + " did not reply to request " + requestId + " within " + timeout.toMillis()
                + " ms");
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.timeout = timeout;
    }

    /** The session that was asked. */
    public String sessionId() {
        return sessionId;
    }

    /** The {@code request_id} the request carried. */
    public String requestId() {
        return requestId;
    }

    /** How long the manager waited. */
    public Duration timeout() {
        return timeout;
    }
}
