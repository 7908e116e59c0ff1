package io.mcpui.server.app;

import java.util.Map;

/** Fills in an app's prompt: the user message it starts with. */
@FunctionalInterface
public interface PromptHandler {

    /**
     * The message, from the arguments the user gave (every required one is there).
     *
     * @throws IllegalArgumentException if an argument is unusable, with what to give instead
     */
    String message(Map<String, String> arguments);
}
