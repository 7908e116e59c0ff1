package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the MCP layer serves of one app. Immutable.
 *
 * @param info its names
 * @param pageUrl its page, for messages to the assistant
 * @param tools its tools
 * @param resources its resources (its in-chat view among them)
 * @param prompts its prompts
 * @param views opens sessions for its in-chat view; {@code null} if it has none
 */
public record McpApp(
        AppInfo info,
        URI pageUrl,
        List<ToolBinding> tools,
        List<ResourceBinding> resources,
        List<PromptBinding> prompts,
        @Nullable ViewSessions views) {

    public McpApp {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        prompts = List.copyOf(prompts);
    }
}
