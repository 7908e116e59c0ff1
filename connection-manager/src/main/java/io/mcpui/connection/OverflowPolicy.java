package io.mcpui.connection;

/**
 * What the manager does when a connection's outbound queue is full because the peer reads
 * slower than the server writes.
 */
public enum OverflowPolicy {
    /**
     * Close the connection with {@link CloseCodes#POLICY_VIOLATION} and count it: the page
     * reconnects and starts afresh. The default, because a page that silently misses messages
     * shows a wrong state.
     */
    CLOSE_CONNECTION,
    /** Drop the message that did not fit, keep the connection, and count the drop. */
    DROP_MESSAGE
}
