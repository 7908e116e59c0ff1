/**
 * Jetty 12 WebSocket adapter: {@link io.mcpui.connection.jetty.ManagedWebSocketCreator} turns
 * each upgraded WebSocket into a {@link io.mcpui.connection.Connection} of a {@link
 * io.mcpui.connection.ConnectionManager}.
 */
@NullMarked
package io.mcpui.connection.jetty;

import org.jspecify.annotations.NullMarked;
