package io.mcpui.connection.websocket;

/**
 * What an adapter's {@link HandshakeGate} refused, and its sockets dropped, counted since it was
 * made.
 * Immutable.
 *
 * @param evictions connections dropped because they did not answer a ping in time
 * @param binaryFramesRefused connections closed (1003) because they sent a binary frame
 * @param refusedForOrigin handshakes refused (403) because of their {@code Origin}
 * @param refusedForToken handshakes refused (403) for a missing, forged or expired token
 * @param refusedForRate handshakes refused (429) because their address connected too often
 * @param refusedForBadRequest handshakes refused (400) for a malformed {@code last_seq}
 */
public record WebSocketStats(
        long evictions,
        long binaryFramesRefused,
        long refusedForOrigin,
        long refusedForToken,
        long refusedForRate,
        long refusedForBadRequest) {}
