package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.failure.Failure;
import io.mcpui.server.metrics.ServerMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an app's tool calls the same way on every MCP era and transport: without blocking a
 * thread, reporting progress every few seconds to a client that asked for it, stopping when the
 * client gives up, and turning every failure into an error result that tells the assistant what
 * to do ({@link Failure}). Nothing internal (stack traces, class names) reaches the client; the
 * era adapters only translate the {@link ToolOutcome}. Thread-safe.
 */
final class ToolBridge {

    private static final Logger log = LoggerFactory.getLogger(ToolBridge.class);

    /** How often a client that asked for progress hears that a call is still running. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final AppInfo app;
    private final URI pageUrl;
    private final ServerMetrics metrics;
    private final JsonMapper json;
    private final ScheduledExecutorService ticker;

    ToolBridge(AppInfo app, URI pageUrl, ServerMetrics metrics, JsonMapper json, ScheduledExecutorService ticker) {
        this.app = app;
        this.pageUrl = pageUrl;
        this.metrics = metrics;
        this.json = json;
        this.ticker = ticker;
    }

    /**
     * Runs one call of {@code tool}.
     *
     * @param slots the permits of calls that hold a server thread (the 2025 transports), one
     *     taken for the call's duration; {@code null} when the call holds none
     */
    CompletableFuture<ToolOutcome> call(
            ToolBinding tool, @Nullable Map<String, ?> arguments, CallScope scope, @Nullable Semaphore slots) {
        String name = tool.spec().name();
        if (slots != null && !slots.tryAcquire()) {
            metrics.recordToolCall(app.mcpName(), name, "busy");
            return CompletableFuture.completedFuture(ToolOutcome.error(
                    "The server is already running as many tool calls as it may; try again in a moment."));
        }
        CompletableFuture<ToolResult> running;
        try {
            running = Objects.requireNonNull(
                            tool.handler().call(new ToolCall(name, arguments, scope)),
                            "the handler returned null instead of a CompletionStage")
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ToolResult> call = running;
        scope.onCancel(() -> call.cancel(false));
        ScheduledFuture<?> progress = scope.wantsProgress() ? reportProgress(scope, name) : null;
        return call.handle((value, failure) -> {
            if (slots != null) {
                slots.release();
            }
            if (progress != null) {
                progress.cancel(false);
            }
            ToolOutcome outcome;
            String metricsOutcome;
            if (scope.cancelled()) {
                outcome = ToolOutcome.error("The call was cancelled by the client.");
                metricsOutcome = "cancelled";
            } else if (failure == null) {
                outcome = toOutcome(value);
                metricsOutcome = outcome.error() ? "error" : "ok";
            } else {
                outcome = failureOutcome(name, failure);
                metricsOutcome = "error";
            }
            metrics.recordToolCall(app.mcpName(), name, metricsOutcome);
            return outcome;
        });
    }

    private ScheduledFuture<?> reportProgress(CallScope scope, String toolName) {
        long started = System.nanoTime();
        long every = PROGRESS_EVERY.toMillis();
        return ticker.scheduleAtFixedRate(
                () -> scope.progress("Still working on " + toolName + " ("
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s)"),
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("unchecked") // convertValue to Object gives maps for JSON objects
    private ToolOutcome toOutcome(ToolResult result) {
        Object structured = result.structured();
        if (structured == null) {
            return new ToolOutcome(result.text(), null, result.error());
        }
        try {
            Object tree = json.convertValue(structured, Object.class);
            String text = result.text().isEmpty()
                    ? json.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                    : result.text();
            return new ToolOutcome(text, tree instanceof Map<?, ?> ? (Map<String, Object>) tree : null, result.error());
        } catch (JacksonException e) {
            log.error("Tool result of {} is not JSON-able", app.mcpName(), e);
            return ToolOutcome.error("The tool's result could not be encoded; the server log has the details.");
        }
    }

    /**
     * Only a failure the table knows reaches the assistant as it is; any other exception is a bug
     * whose message may hold internals, so it goes to the log.
     */
    private ToolOutcome failureOutcome(String toolName, Throwable failure) {
        Failure meaning = Failure.of(failure, pageUrl);
        if (meaning.internal()) {
            log.error("Tool {} of {} failed", toolName, app.mcpName(), Failure.unwrap(failure));
        }
        return ToolOutcome.error(meaning.forAssistant());
    }
}
