/**
 * What every WebSocket adapter of the manager shares, so that all of them keep the same
 * guarantees: the {@link io.mcpui.connection.websocket.WebSocketOptions}, the checks before an
 * upgrade ({@link io.mcpui.connection.websocket.HandshakeGate}) and the life of one WebSocket as a
 * connection of the manager ({@link io.mcpui.connection.websocket.ManagedSocket}: registered
 * before the handshake completes, pinged, evicted when silent). An adapter supplies a {@link
 * io.mcpui.connection.websocket.WebSocketPeer} over its own WebSocket API.
 */
@NullMarked
package io.mcpui.connection.websocket;

import org.jspecify.annotations.NullMarked;
