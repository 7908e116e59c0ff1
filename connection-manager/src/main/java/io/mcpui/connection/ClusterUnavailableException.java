package io.mcpui.connection;

/**
 * A message or request had to cross to another node, and the cluster's shared service (Redis) is
 * unreachable. Raised at once rather than after a wait; this node's own sessions keep working.
 */
public class ClusterUnavailableException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message) {
        super(message);
    }

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
