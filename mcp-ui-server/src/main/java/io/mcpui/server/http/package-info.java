/** The server's HTTP endpoints besides MCP: pages, admin API, index, health and metrics. */
@NullMarked
package io.mcpui.server.http;

import org.jspecify.annotations.NullMarked;
