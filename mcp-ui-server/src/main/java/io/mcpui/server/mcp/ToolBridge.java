package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolHandler;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.app.ToolSpec;
import io.mcpui.server.failure.Failure;
import io.mcpui.server.metrics.ServerMetrics;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves an app's tools through the MCP SDK: runs each call without blocking a thread, caps how
 * many run at once, and turns every failure into an error result ({@code isError: true}) that
 * tells the assistant what to do. Nothing internal (stack traces, class names of user data)
 * reaches the client. Thread-safe.
 */
public final class ToolBridge {

    private static final Logger log = LoggerFactory.getLogger(ToolBridge.class);

    private final AppInfo app;
    private final URI pageUrl;
    private final Semaphore callSlots;
    private final int maxCalls;
    private final ServerMetrics metrics;
    private final JsonMapper json;

    /**
     * @param callSlots shared by every app: one permit per tool call running, of {@code maxCalls}
     */
    public ToolBridge(
            AppInfo app, URI pageUrl, Semaphore callSlots, int maxCalls, ServerMetrics metrics, JsonMapper json) {
        this.app = app;
        this.pageUrl = pageUrl;
        this.callSlots = callSlots;
        this.maxCalls = maxCalls;
        this.metrics = metrics;
        this.json = json;
    }

    /** The SDK's specification of one tool. */
    public AsyncToolSpecification specification(ToolSpec spec, ToolHandler handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(spec.name())
                .description(spec.description())
                .inputSchema(spec.inputSchema())
                .build();
        return new AsyncToolSpecification(
                tool, (exchange, request) -> Mono.defer(() -> Mono.fromCompletionStage(call(spec, handler, request))));
    }

    private CompletionStage<CallToolResult> call(
            ToolSpec spec, ToolHandler handler, McpSchema.CallToolRequest request) {
        if (!callSlots.tryAcquire()) {
            metrics.recordToolCall(app.mcpName(), spec.name(), "busy");
            return CompletableFuture.completedFuture(
                    errorResult("The server is already running " + maxCalls + " tool calls; try again in a moment."));
        }
        CompletionStage<ToolResult> result;
        try {
            result = Objects.requireNonNull(
                    handler.call(new ToolCall(spec.name(), request.arguments())),
                    "the handler returned null instead of a CompletionStage");
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, failure) -> {
            callSlots.release();
            CallToolResult outcome = failure == null ? toResult(value) : failureResult(spec, failure);
            metrics.recordToolCall(app.mcpName(), spec.name(), outcome.isError() ? "error" : "ok");
            return outcome;
        });
    }

    private CallToolResult toResult(ToolResult result) {
        Object structured = result.structured();
        String text = result.text();
        CallToolResult.Builder builder = CallToolResult.builder().isError(result.error());
        if (structured != null) {
            try {
                Object tree = json.convertValue(structured, Object.class);
                if (text.isEmpty()) {
                    text = json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
                }
                if (tree instanceof Map<?, ?>) {
                    builder.structuredContent(tree);
                }
            } catch (JacksonException e) {
                log.error("Tool result of {} is not JSON-able", app.mcpName(), e);
                return errorResult("The tool's result could not be encoded; the server log has the details.");
            }
        }
        return builder.addTextContent(text).build();
    }

    /**
     * Only a failure the table knows reaches the assistant as it is; any other exception is a bug
     * whose message may hold internals, so it goes to the log.
     */
    private CallToolResult failureResult(ToolSpec spec, Throwable failure) {
        Failure meaning = Failure.of(failure, pageUrl);
        if (meaning.internal()) {
            log.error("Tool {} of {} failed", spec.name(), app.mcpName(), Failure.unwrap(failure));
        }
        return errorResult(meaning.forAssistant());
    }

    private static CallToolResult errorResult(String message) {
        return CallToolResult.builder().isError(true).addTextContent(message).build();
    }
}
