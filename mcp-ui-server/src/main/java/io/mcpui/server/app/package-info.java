/**
 * What an MCP UI app is made of: its names and page ({@link io.mcpui.server.app.AppInfo}), its
 * MCP tools ({@link io.mcpui.server.app.ToolSpec}) and its inbound message handlers, installed
 * through an {@link io.mcpui.server.app.AppContext}. The server does the rest: the page route,
 * the WebSocket, both MCP transports, the admin API and metrics. No MCP SDK or Reactor types
 * appear here.
 */
@NullMarked
package io.mcpui.server.app;

import org.jspecify.annotations.NullMarked;
