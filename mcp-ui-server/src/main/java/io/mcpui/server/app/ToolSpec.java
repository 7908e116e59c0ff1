package io.mcpui.server.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An MCP tool's name, description and input schema (a JSON Schema object), and whether it shows
 * the app's page in the chat. Immutable; build with {@link #builder(String)}.
 *
 * @param name the tool name the assistant calls, e.g. {@code play_code}
 * @param description what the tool does and when to use it, for the assistant
 * @param inputSchema the JSON Schema of the arguments, as maps and lists
 * @param showsView whether a chat host that renders MCP Apps shows the app's page in the chat
 *     for a call of this tool (see {@link Builder#showsView()})
 */
public record ToolSpec(String name, String description, Map<String, Object> inputSchema, boolean showsView) {

    /** The argument that names the page's session in every tool that reaches a page. */
    public static final String SESSION_ID = "session_id";

    private static final String SESSION_ID_DESCRIPTION =
            "The session id the page shows, e.g. abc7. Ask the user for it if you do not know it.";

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
        private boolean showsView;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Adds the required {@code session_id} parameter: the id the page shows. */
        public Builder sessionIdParameter() {
            return requiredString(SESSION_ID, SESSION_ID_DESCRIPTION);
        }

        /**
         * Makes the tool show the app's page in the chat, in hosts that render MCP Apps: the
         * server serves the page as the app's view resource and links the tool to it. A call
         * without {@code session_id} (which becomes optional) then opens a new session for the
         * view; the view connects to it, and every tool with that session id reaches it. Hosts
         * that do not render views see the tool as before.
         */
        public Builder showsView() {
            this.showsView = true;
            return this;
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

        /** Adds an optional number parameter. */
        public Builder optionalNumber(String parameter, String description) {
            properties.put(parameter, Map.of("type", "number", "description", description));
            return this;
        }

        /** Adds an optional whole-number parameter. */
        public Builder optionalInteger(String parameter, String description) {
            properties.put(parameter, Map.of("type", "integer", "description", description));
            return this;
        }

        public ToolSpec build() {
            Map<String, Object> schemaProperties = new LinkedHashMap<>(properties);
            List<String> requiredProperties = new ArrayList<>(required);
            if (showsView && requiredProperties.remove(SESSION_ID)) {
                schemaProperties.put(
                        SESSION_ID,
                        Map.of(
                                "type",
                                "string",
                                "description",
                                SESSION_ID_DESCRIPTION + " Leave it out in a chat that shows MCP Apps: the page "
                                        + "then opens in the chat with a new session id."));
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", Map.copyOf(schemaProperties));
            schema.put("required", List.copyOf(requiredProperties));
            schema.put("additionalProperties", false);
            return new ToolSpec(name, description, schema, showsView);
        }
    }
}
