package io.mcpui.connection;

import org.jspecify.annotations.Nullable;

/**
 * Told when connections join and leave a {@link ConnectionManager}. Both methods default to
 * doing nothing.
 *
 * <p>Called on the thread that connected or disconnected the connection, after the manager's
 * registry changed; for one connection, {@code onConnect} happens before {@code onDisconnect}.
 * Calls for different connections may run concurrently. An exception thrown here is logged and
 * does not affect the connection or other listeners.
 */
public interface ConnectionListener {

    /** {@code connection} joined {@code sessionId} ({@code null}: broadcast-only). */
    default void onConnect(Connection connection, @Nullable String sessionId) {}

    /** {@code connection} left {@code sessionId} ({@code null}: it had none). */
    default void onDisconnect(Connection connection, @Nullable String sessionId) {}
}
