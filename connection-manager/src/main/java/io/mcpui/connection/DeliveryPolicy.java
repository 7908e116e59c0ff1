package io.mcpui.connection;

/** Which of a session's connections (browser tabs) a message to the session reaches. */
public enum DeliveryPolicy {
    /** Every open connection of the session: each tab shows the same thing. The default. */
    ALL_CONNECTIONS,
    /** Only the newest connection: the tab opened last takes over the session. */
    NEWEST_CONNECTION
}
