package io.mcpui.server.app;

/**
 * A tool call that cannot be done as asked. Its message goes back to the assistant as the tool's
 * error result, so it should say what was wrong and what to do.
 */
public class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do, for the assistant */
    public ToolException(String message) {
        super(message);
    }
}
