package io.mcpui.server.mcp;

import io.mcpui.server.app.ToolHandler;
import io.mcpui.server.app.ToolSpec;

/**
 * A tool as an app registered it: what the assistant sees, and what runs. Immutable.
 *
 * @param spec the tool's name, description and input schema
 * @param handler runs each call
 */
public record ToolBinding(ToolSpec spec, ToolHandler handler) {}
