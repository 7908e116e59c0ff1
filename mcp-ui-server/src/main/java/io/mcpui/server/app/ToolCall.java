package io.mcpui.server.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of a tool: its arguments, with accessors that fail with a message the assistant can
 * act on; progress reports to the client; and what to do if the client gives up on the call.
 * Thread-safe.
 */
public final class ToolCall {

    /**
     * What the server lends a call: the client's progress notifications and its cancellation.
     * The server implements it; {@link #NONE} does nothing (a call outside any client). Methods
     * may be called from any thread.
     */
    public interface Control {

        /** Sends a progress notification, if the client asked for them. */
        void progress(String message);

        /** Runs {@code action} once when the client gives up on the call (at once if it has). */
        void onCancel(Runnable action);

        /** A call nobody watches: no progress, never cancelled. */
        Control NONE = new Control() {
            @Override
            public void progress(String message) {}

            @Override
            public void onCancel(Runnable action) {}
        };
    }

    private final String toolName;
    private final Map<String, Object> arguments;
    private final Control control;
    private final boolean opensView;

    /**
     * A call of {@code toolName} with {@code arguments} ({@code null}: none), watched by nobody.
     * An argument whose value is JSON {@code null} counts as not given.
     */
    public ToolCall(String toolName, @Nullable Map<String, ?> arguments) {
        this(toolName, arguments, Control.NONE);
    }

    /** A call whose progress and cancellation go through {@code control}. */
    public ToolCall(String toolName, @Nullable Map<String, ?> arguments, Control control) {
        this(toolName, arguments, control, false);
    }

    /**
     * A call whose progress and cancellation go through {@code control}; {@code opensView}: the
     * server issued its session for an in-chat view that the host shows once the call returns.
     */
    public ToolCall(String toolName, @Nullable Map<String, ?> arguments, Control control, boolean opensView) {
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        this.control = Objects.requireNonNull(control, "control");
        this.opensView = opensView;
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

    /**
     * An optional string argument exactly as given (code, say, where white space matters); {@code
     * null} if absent.
     *
     * @throws ToolException if it is present but not a string
     */
    public @Nullable String optionalText(String name) {
        Object value = arguments.get(name);
        if (value != null && !(value instanceof String)) {
            throw new ToolException("Argument '" + name + "' of tool " + toolName + " must be a string.");
        }
        return (String) value;
    }

    /**
     * An optional number argument (a JSON number, or a string that reads as one); {@code null} if
     * absent.
     *
     * @throws ToolException if it is present but not a finite number
     */
    public @Nullable Double optionalNumber(String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return null;
        }
        try {
            double number = value instanceof Number given ? given.doubleValue() : Double.parseDouble(value.toString());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ToolException(
                "Argument '" + name + "' of tool " + toolName + " must be a number, was " + value + ".");
    }

    /**
     * Whether the call's session is a new in-chat view: its page connects only after the call
     * has returned, so a tool must not wait for its answer (what it sends is kept for it).
     */
    public boolean opensView() {
        return opensView;
    }

    /** The {@code session_id} argument. @throws ToolException if missing */
    public String sessionId() {
        return requireString(ToolSpec.SESSION_ID);
    }

    /**
     * Tells the client how the call is going (when it asked for progress): a client with a short
     * timeout then keeps waiting. The server also reports every few seconds while a call runs.
     */
    public void progress(String message) {
        control.progress(Objects.requireNonNull(message, "message"));
    }

    /**
     * Runs {@code action} once if the client gives up on the call (the user pressed stop, or
     * the client timed out); at once if it has already. The server then also cancels the stage
     * the tool returned. {@link AppContext#request(ToolCall, Object, java.time.Duration)} does
     * this for the page request it makes.
     */
    public void onCancel(Runnable action) {
        control.onCancel(Objects.requireNonNull(action, "action"));
    }
}
