package io.mcpui.server.mcp;

import io.mcpui.server.app.PromptHandler;
import io.mcpui.server.app.PromptSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An app's prompt with its handler, the same on both protocol eras. Immutable.
 *
 * @param spec what the prompt is
 * @param handler fills it in
 */
public record PromptBinding(PromptSpec spec, PromptHandler handler) {

    /**
     * The message for the arguments a client sent (strings; other values are read as text).
     *
     * @throws IllegalArgumentException naming the required arguments that are missing
     */
    String message(@Nullable Map<String, ?> given) {
        Map<String, String> arguments = new LinkedHashMap<>();
        (given == null ? Map.<String, Object>of() : given).forEach((name, value) -> {
            if (value != null) {
                arguments.put(name, value.toString());
            }
        });
        List<String> missing = spec.arguments().stream()
                .filter(PromptSpec.Argument::required)
                .map(PromptSpec.Argument::name)
                .filter(name -> arguments.getOrDefault(name, "").isBlank())
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "Missing argument '" + String.join("', '", missing) + "' for prompt " + spec.name() + ".");
        }
        return handler.message(arguments);
    }
}
