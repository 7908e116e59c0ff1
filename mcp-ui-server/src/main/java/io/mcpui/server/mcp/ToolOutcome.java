package io.mcpui.server.mcp;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a tool call answers, before it becomes a result of one MCP era or the other. Immutable.
 *
 * @param text the text content
 * @param structured the same as a JSON object (maps, lists, strings, numbers), or {@code null}
 * @param error whether the call failed; the text says why and what to do
 */
record ToolOutcome(String text, @Nullable Map<String, Object> structured, boolean error) {

    static ToolOutcome error(String message) {
        return new ToolOutcome(message, null, true);
    }
}
