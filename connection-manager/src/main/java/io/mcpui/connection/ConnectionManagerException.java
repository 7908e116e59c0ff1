package io.mcpui.connection;

/**
 * The root of the exceptions the connection manager reports. Unchecked; asynchronous failures
 * arrive as the cause of an exceptionally completed future.
 */
public class ConnectionManagerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectionManagerException(String message) {
        super(message);
    }

    public ConnectionManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
