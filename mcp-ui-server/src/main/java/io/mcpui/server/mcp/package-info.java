/**
 * MCP on Jetty: each app's tools served through the MCP Java SDK on both transports (legacy
 * HTTP+SSE and Streamable HTTP). The SDK's types stay in this package.
 */
@NullMarked
package io.mcpui.server.mcp;

import org.jspecify.annotations.NullMarked;
