package io.mcpui.server.app;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a tool returns: text for the assistant, optionally structured data, and whether it is an
 * error. Immutable.
 *
 * @param text the text content
 * @param structured the same content as a JSON-able value (a map or a record), or {@code null}
 * @param error whether the call failed; the text then says why and what to do
 */
public record ToolResult(String text, @Nullable Object structured, boolean error) {

    /** @throws NullPointerException if {@code text} is null */
    public ToolResult {
        Objects.requireNonNull(text, "text");
    }

    /** A plain text result. */
    public static ToolResult text(String text) {
        return new ToolResult(text, null, false);
    }

    /** A result carrying data; the server renders it as JSON text as well. */
    public static ToolResult data(Object structured) {
        return new ToolResult("", Objects.requireNonNull(structured, "structured"), false);
    }

    /** A failure the assistant can act on. */
    public static ToolResult error(String message) {
        return new ToolResult(message, null, true);
    }
}
