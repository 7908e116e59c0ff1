/**
 * The unified MCP UI server: one embedded Jetty hosting every {@link io.mcpui.server.app.McpUiApp}
 * with its page, WebSocket, MCP endpoints and admin API, plus {@code /health} and {@code
 * /metrics}. {@link io.mcpui.server.Main} is the command line.
 */
@NullMarked
package io.mcpui.server;

import org.jspecify.annotations.NullMarked;
