package io.mcpui.server.app;

import java.util.List;
import java.util.Objects;

/**
 * An MCP prompt of an app: a message template the user picks in their client (say, "make a beat
 * in <style> on <session>"), filled in by the app's {@link PromptHandler}. Immutable.
 *
 * @param name the prompt's name, unique in the app
 * @param description what it starts, for the user
 * @param arguments what the user fills in
 */
public record PromptSpec(String name, String description, List<Argument> arguments) {

    public PromptSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        arguments = List.copyOf(arguments);
    }

    /** A prompt with these arguments. */
    public static PromptSpec of(String name, String description, Argument... arguments) {
        return new PromptSpec(name, description, List.of(arguments));
    }

    /**
     * One argument of a prompt, a string.
     *
     * @param name its name
     * @param description what to fill in
     * @param required whether the prompt needs it
     */
    public record Argument(String name, String description, boolean required) {}
}
