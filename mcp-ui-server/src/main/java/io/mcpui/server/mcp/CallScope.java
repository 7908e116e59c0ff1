package io.mcpui.server.mcp;

import io.mcpui.server.app.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One tool call as its MCP client sees it: where progress notifications go (nowhere when the
 * client sent no progress token), and what to undo when the client gives up on the call.
 * Thread-safe.
 */
final class CallScope implements ToolCall.Control {

    /** Sends one progress notification: its number (1, 2, 3, ...) and message. */
    @FunctionalInterface
    interface ProgressSink {
        void send(int progress, String message);
    }

    private final @Nullable ProgressSink progress;
    private final boolean hostShowsViews;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Runnable> onCancel = new ArrayList<>();
    private boolean cancelled;

    /**
     * @param progress where notifications go; {@code null} if the client asked for none
     * @param hostShowsViews whether the client renders MCP Apps views
     */
    CallScope(@Nullable ProgressSink progress, boolean hostShowsViews) {
        this.progress = progress;
        this.hostShowsViews = hostShowsViews;
    }

    /** Whether the client renders MCP Apps views. */
    boolean hostShowsViews() {
        return hostShowsViews;
    }

    /** Whether the client asked for progress notifications. */
    boolean wantsProgress() {
        return progress != null;
    }

    @Override
    public void progress(String message) {
        if (progress != null) {
            progress.send(sent.incrementAndGet(), message);
        }
    }

    @Override
    public void onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                onCancel.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    /** The client gave up: runs every cancel action, once. */
    void cancel() {
        List<Runnable> actions;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            actions = List.copyOf(onCancel);
            onCancel.clear();
        }
        actions.forEach(Runnable::run);
    }

    synchronized boolean cancelled() {
        return cancelled;
    }
}
