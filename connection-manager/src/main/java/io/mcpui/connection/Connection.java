package io.mcpui.connection;

import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * One open WebSocket, as the {@link ConnectionManager} sees it. Transport adapters implement
 * it; applications receive it in {@link InboundMessage#connection()} and from {@link
 * ConnectionManager#getSessionConnection(String)}.
 *
 * <p>Implementations must be thread-safe and keep {@link Object}'s identity-based {@code
 * equals} and {@code hashCode}: the manager keys its registry by the instance.
 */
public interface Connection {

    /** A short id, unique among this process's connections, for logs. */
    String id();

    /**
     * Starts sending one text message and returns without waiting for the network.
     *
     * <p>The manager calls this with at most one send outstanding per connection: it waits for
     * {@code callback} before sending the next message, and keeps the rest in its own bounded
     * queue. Implementations must complete {@code callback} exactly once, possibly on the calling
     * thread before this method returns, and must not block.
     */
    void sendText(String text, SendCallback callback);

    /**
     * Starts closing the connection with a WebSocket close code and a reason (at most 123 UTF-8
     * bytes; longer reasons may be cut). Does nothing if it is already closed. Never blocks.
     */
    void close(int code, String reason);

    /**
     * The client's address (behind trusted proxies, the one they forwarded), or {@code null} when
     * the transport does not know it.
     */
    @Nullable
    SocketAddress remoteAddress();

    /** Whether the connection is still open for sending. */
    boolean isOpen();
}
