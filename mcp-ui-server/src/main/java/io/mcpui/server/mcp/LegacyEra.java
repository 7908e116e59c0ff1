package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The app's tools on the 2025 protocol revisions (legacy HTTP+SSE and Streamable HTTP with an
 * {@code initialize} handshake), through the MCP SDK's servlet transports. Those hold the
 * request's thread until a call completes, so each call takes one of the shared slots. A call
 * is registered by its MCP session and JSON-RPC id ({@link LegacyCancelFilter} puts them in the
 * transport context), so that {@code notifications/cancelled} reaches it.
 */
final class LegacyEra {

    /** The transport-context key of a call's {@link InFlightCalls} key. */
    static final String CALL_KEY = "io.mcpui.call";

    private LegacyEra() {}

    /** The SDK's specification of each tool. */
    static List<AsyncToolSpecification> tools(McpApp app, ToolBridge bridge, Semaphore slots, InFlightCalls inFlight) {
        return app.tools().stream()
                .map(tool -> new AsyncToolSpecification(
                        McpSchema.Tool.builder()
                                .name(tool.spec().name())
                                .description(tool.spec().description())
                                .inputSchema(tool.spec().inputSchema())
                                .meta(McpApps.toolMeta(tool.spec(), app.info()))
                                .build(),
                        (exchange, request) ->
                                Mono.defer(() -> call(tool, bridge, slots, inFlight, exchange, request))))
                .toList();
    }

    /** The SDK's specification of each resource. */
    static List<AsyncResourceSpecification> resources(McpApp app) {
        return app.resources().stream()
                .map(resource -> new AsyncResourceSpecification(
                        McpSchema.Resource.builder(resource.uri(), resource.name())
                                .description(resource.description())
                                .mimeType(resource.mimeType())
                                .meta(resource.meta())
                                .build(),
                        (exchange, request) -> Mono.just(new McpSchema.ReadResourceResult(
                                List.of(new McpSchema.TextResourceContents(
                                        resource.uri(), resource.mimeType(), resource.text(), resource.meta())),
                                null))))
                .toList();
    }

    /** The SDK's specification of each prompt; a missing argument is an invalid-params error. */
    static List<AsyncPromptSpecification> prompts(McpApp app) {
        return app.prompts().stream()
                .map(prompt -> new AsyncPromptSpecification(
                        McpSchema.Prompt.builder(prompt.spec().name())
                                .description(prompt.spec().description())
                                .arguments(prompt.spec().arguments().stream()
                                        .map(argument -> McpSchema.PromptArgument.builder(argument.name())
                                                .description(argument.description())
                                                .required(argument.required())
                                                .build())
                                        .toList())
                                .build(),
                        (exchange, request) -> Mono.fromCallable(() -> new McpSchema.GetPromptResult(
                                        prompt.spec().description(),
                                        List.of(new McpSchema.PromptMessage(
                                                McpSchema.Role.USER,
                                                new McpSchema.TextContent(prompt.message(request.arguments()))))))
                                .onErrorMap(
                                        IllegalArgumentException.class,
                                        e -> McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                                                .message(e.getMessage())
                                                .build())))
                .toList();
    }

    /** An MCP server on one of the 2025 transports with the app's tools, resources and prompts. */
    static McpAsyncServer server(
            McpServer.AsyncSpecification<?> spec,
            AppInfo app,
            List<AsyncToolSpecification> tools,
            List<AsyncResourceSpecification> resources,
            List<AsyncPromptSpecification> prompts,
            McpJsonMapper json,
            String version) {
        McpSchema.ServerCapabilities.Builder capabilities =
                McpSchema.ServerCapabilities.builder().tools(false);
        if (!resources.isEmpty()) {
            capabilities.resources(false, false);
        }
        if (!prompts.isEmpty()) {
            capabilities.prompts(false);
        }
        return spec.serverInfo(new McpSchema.Implementation(app.mcpName(), app.title(), version))
                .capabilities(capabilities.build())
                .jsonMapper(json)
                // The tools check their own arguments, with messages that say what to do.
                .validateToolInputs(false)
                .tools(tools)
                .resources(resources)
                .prompts(prompts)
                .build();
    }

    /** The transport context of a request: the call key the filter found, if any. */
    static McpTransportContext context(jakarta.servlet.http.HttpServletRequest request) {
        Object key = request.getAttribute(CALL_KEY);
        return key == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(CALL_KEY, key));
    }

    private static Mono<CallToolResult> call(
            ToolBinding tool,
            ToolBridge bridge,
            Semaphore slots,
            InFlightCalls inFlight,
            McpAsyncServerExchange exchange,
            McpSchema.CallToolRequest request) {
        Object token = request.progressToken();
        McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
        CallScope scope = new CallScope(
                token == null
                        ? null
                        : (progress, message) -> exchange.progressNotification(new McpSchema.ProgressNotification(
                                        token, (double) progress, null, message, null))
                                .subscribe(),
                capabilities != null && McpApps.hostShowsViews(capabilities.extensions()));
        @Nullable Object key = exchange.transportContext().get(CALL_KEY);
        if (key instanceof String callKey) {
            inFlight.add(callKey, scope);
        }
        return Mono.fromFuture(bridge.call(tool, request.arguments(), scope, slots)
                        .whenComplete((outcome, failure) -> {
                            if (key instanceof String callKey) {
                                inFlight.remove(callKey, scope);
                            }
                        }))
                .map(LegacyEra::result);
    }

    private static CallToolResult result(ToolOutcome outcome) {
        CallToolResult.Builder builder =
                CallToolResult.builder().isError(outcome.error()).addTextContent(outcome.text());
        if (outcome.structured() != null) {
            builder.structuredContent(outcome.structured());
        }
        return builder.build();
    }
}
