/**
 * The Jakarta WebSocket adapter of the connection manager: {@link
 * io.mcpui.connection.jakarta.ManagedWebSocketServlet} upgrades each page's request on any
 * servlet container with Jakarta WebSocket 2.1+.
 */
@NullMarked
package io.mcpui.connection.jakarta;

import org.jspecify.annotations.NullMarked;
