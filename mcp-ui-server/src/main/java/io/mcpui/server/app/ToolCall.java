package io.mcpui.server.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of a tool: its arguments, with accessors that fail with a message the assistant can
 * act on. Immutable.
 */
public final class ToolCall {

    private final String toolName;
    private final Map<String, Object> arguments;

    /**
     * A call of {@code toolName} with {@code arguments} ({@code null}: none). An argument whose
     * value is JSON {@code null} counts as not given.
     */
    public ToolCall(String toolName, @Nullable Map<String, ?> arguments) {
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        Map<String, Object> given = new LinkedHashMap<>();
        if (arguments != null) {
            arguments.forEach((name, value) -> {
                if (name != null && value != null) {
                    given.put(name, value);
                }
            });
        }
        this.arguments = Collections.unmodifiableMap(given);
    }

    /** The name of the tool called. */
    public String toolName() {
        return toolName;
    }

    /** The arguments as the client sent them, in order, without those that were {@code null}. */
    public Map<String, Object> arguments() {
        return arguments;
    }

    /**
     * A required string argument, trimmed.
     *
     * @throws ToolException if it is missing, not a string, or blank
     */
    public String requireString(String name) {
        String value = optionalString(name);
        if (value == null || value.isEmpty()) {
            throw new ToolException("Missing argument '" + name + "' for tool " + toolName + ".");
        }
        return value;
    }

    /**
     * An optional string argument, trimmed; {@code null} if absent.
     *
     * @throws ToolException if it is present but not a string
     */
    public @Nullable String optionalString(String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new ToolException("Argument '" + name + "' of tool " + toolName + " must be a string.");
        }
        return text.trim();
    }

    /** The {@code session_id} argument. @throws ToolException if missing */
    public String sessionId() {
        return requireString(ToolSpec.SESSION_ID);
    }
}
