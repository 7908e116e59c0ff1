package io.mcpui.connection.websocket;

import io.mcpui.connection.SendCallback;

/**
 * What an adapter's open WebSocket must do for a {@link ManagedSocket}: the few calls that differ
 * between WebSocket APIs. Called by one thread at a time per socket for sends (the manager has at
 * most one send in flight per connection), from any thread for the rest.
 */
public interface WebSocketPeer {

    /** Sends a text frame; {@code callback} hears when it was written or failed. */
    void sendText(String text, SendCallback callback);

    /** Sends a ping frame; a failure to send needs no report (the pong check notices). */
    void sendPing();

    /** Starts the close handshake with {@code code} and {@code reason}. */
    void close(int code, String reason);

    /**
     * Drops the connection without a close handshake, for a peer that no longer answers; a
     * WebSocket API that cannot do that closes instead.
     */
    void abort();

    /** Whether the WebSocket is open. */
    boolean isOpen();
}
