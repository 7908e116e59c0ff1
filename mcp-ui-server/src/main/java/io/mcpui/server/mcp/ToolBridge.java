package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.app.ToolSpec;
import io.mcpui.server.failure.Failure;
import io.mcpui.server.metrics.ServerMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    private final @Nullable ViewSessions views;
    private final RunningCalls runningCalls;

    /**
     * @param views opens sessions for the app's in-chat view; {@code null} if it has none
     * @param running the server's running calls, which this bridge's calls join
     */
    ToolBridge(
            AppInfo app,
            URI pageUrl,
            ServerMetrics metrics,
            JsonMapper json,
            ScheduledExecutorService ticker,
            @Nullable ViewSessions views,
            RunningCalls running) {
        this.app = app;
        this.pageUrl = pageUrl;
        this.metrics = metrics;
        this.json = json;
        this.ticker = ticker;
        this.views = views;
        this.runningCalls = running;
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
        if (!runningCalls.start()) {
            metrics.recordToolCall(app.mcpName(), name, "busy");
            return CompletableFuture.completedFuture(ToolOutcome.error(
                    "This server is shutting down; call the tool again (another server will answer)."));
        }
        if (slots != null && !slots.tryAcquire()) {
            runningCalls.finished();
            metrics.recordToolCall(app.mcpName(), name, "busy");
            return CompletableFuture.completedFuture(ToolOutcome.error(
                    "The server is already running as many tool calls as it may; try again in a moment."));
        }
        ViewSessions.OpenedView view = null;
        CompletableFuture<ToolResult> running;
        try {
            Map<String, ?> given = arguments;
            if (opensView(tool, arguments, scope)) {
                view = Objects.requireNonNull(views).open();
                given = withSessionId(arguments, view.sessionId());
            }
            running = Objects.requireNonNull(
                            tool.handler().call(new ToolCall(name, given, scope, view != null)),
                            "the handler returned null instead of a CompletionStage")
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        ViewSessions.OpenedView opened = view;
        CompletableFuture<ToolResult> call = running;
        scope.onCancel(() -> call.cancel(false));
        ScheduledFuture<?> progress = scope.wantsProgress() ? reportProgress(scope, name) : null;
        return call.handle((value, failure) -> {
            runningCalls.finished();
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
            return opened == null ? outcome : withView(outcome, opened);
        });
    }

    /**
     * A tool that shows the view, called without a session by a host that renders views, gets a
     * new session for the view it will show.
     */
    private boolean opensView(ToolBinding tool, @Nullable Map<String, ?> arguments, CallScope scope) {
        return views != null
                && tool.spec().showsView()
                && scope.hostShowsViews()
                && (arguments == null || arguments.get(ToolSpec.SESSION_ID) == null);
    }

    private static Map<String, Object> withSessionId(@Nullable Map<String, ?> arguments, String sessionId) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (arguments != null) {
            given.putAll(arguments);
        }
        given.put(ToolSpec.SESSION_ID, sessionId);
        return given;
    }

    /** The outcome with what the view needs to connect, and a word for the assistant about it. */
    private static ToolOutcome withView(ToolOutcome outcome, ViewSessions.OpenedView view) {
        Map<String, Object> structured =
                outcome.structured() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(outcome.structured());
        structured.put(ViewSessions.RESULT_KEY, view.toResult());
        String text = outcome.text() + "\n\nThe page shows in the chat as session " + view.sessionId()
                + ": every tool called with session_id " + view.sessionId() + " reaches it.";
        return new ToolOutcome(text, structured, outcome.error());
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
        metrics.recordError(app.uiPath(), "tool " + toolName + ": " + meaning.forAssistant());
        return ToolOutcome.error(meaning.forAssistant());
    }
}
