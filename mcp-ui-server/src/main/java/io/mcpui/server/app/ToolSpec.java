package io.mcpui.server.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An MCP tool's name, description and input schema (a JSON Schema object). Immutable; build with
 * {@link #builder(String)}.
 *
 * @param name the tool name the assistant calls, e.g. {@code play_code}
 * @param description what the tool does and when to use it, for the assistant
 * @param inputSchema the JSON Schema of the arguments, as maps and lists
 */
public record ToolSpec(String name, String description, Map<String, Object> inputSchema) {

    /** The argument that names the page's session in every tool that reaches a page. */
    public static final String SESSION_ID = "session_id";

    /** Copies the schema; @throws NullPointerException if a value is null */
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        inputSchema = Map.copyOf(inputSchema);
    }

    /** A builder of a tool named {@code name}, with no parameters yet. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link ToolSpec} with an object schema of string parameters. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Adds the required {@code session_id} parameter: the id the page shows. */
        public Builder sessionIdParameter() {
            return requiredString(
                    SESSION_ID, "The session id the page shows, e.g. abc7. Ask the user for it if you do not know it.");
        }

        /** Adds a required string parameter. */
        public Builder requiredString(String parameter, String description) {
            properties.put(parameter, Map.of("type", "string", "description", description));
            required.add(parameter);
            return this;
        }

        /** Adds an optional string parameter. */
        public Builder optionalString(String parameter, String description) {
            properties.put(parameter, Map.of("type", "string", "description", description));
            return this;
        }

        public ToolSpec build() {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", Map.copyOf(properties));
            schema.put("required", List.copyOf(required));
            schema.put("additionalProperties", false);
            return new ToolSpec(name, description, schema);
        }
    }
}
