package io.mcpui.connection;

import java.time.Duration;
import java.util.Objects;

/** A session did not reply to a request within its timeout. */
public class RequestTimeoutException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final Duration timeout;

    public RequestTimeoutException(String sessionId, String requestId, Duration timeout) {
        super(
                Reason.REQUEST_TIMEOUT,
                sessionId,
                "Session " + sessionId + " did not reply to request " + requestId + " within " + timeout.toMillis()
                        + " ms");
        this.requestId = requestId;
        this.timeout = timeout;
    }

    /** The session that was asked. */
    @Override
    public String sessionId() {
        return Objects.requireNonNull(super.sessionId());
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
