package io.mcpui.server.app;

import java.util.concurrent.CompletionStage;

/**
 * Runs one tool call. Called on a server thread; it must not block: return a stage that completes
 * when the page has answered. Throwing (or failing the stage) with a {@link ToolException}, or
 * with the connection manager's {@code SessionNotFoundException}, {@code
 * RequestTimeoutException} or {@code SessionClosedException}, becomes an error result that tells
 * the assistant what to do; anything else is logged and reported as an internal error.
 */
@FunctionalInterface
public interface ToolHandler {

    /** Starts the call; the stage completes with its result. */
    CompletionStage<ToolResult> call(ToolCall call);
}
