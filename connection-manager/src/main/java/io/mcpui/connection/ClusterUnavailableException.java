package io.mcpui.connection;

import org.jspecify.annotations.Nullable;

/**
 * A message or request had to cross to another node, and the cluster's shared service (Redis) is
 * unreachable. Raised at once rather than after a wait; this node's own sessions keep working.
 */
public class ClusterUnavailableException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    /** @param sessionId the session that could not be reached, or {@code null} */
    public ClusterUnavailableException(@Nullable String sessionId, String message) {
        super(Reason.CLUSTER_UNAVAILABLE, sessionId, message);
    }

    /** @param sessionId the session that could not be reached, or {@code null} */
    public ClusterUnavailableException(@Nullable String sessionId, String message, Throwable cause) {
        super(Reason.CLUSTER_UNAVAILABLE, sessionId, message, cause);
    }
}
