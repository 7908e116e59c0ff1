package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.feature.McpAsyncTool;
import io.modelcontextprotocol.modern.server.feature.McpAsyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The app's tools on protocol revision 2026-07-28: stateless (no {@code initialize}, no MCP
 * session), so any node of a cluster answers any request. A call's response streams (server-sent
 * events): progress goes out as it happens, and a client that closes the stream cancels the call.
 * No thread waits for the call: see {@link AsyncMcpServlet}.
 */
final class ModernEra {

    /** The protocol revision this era speaks. */
    static final String PROTOCOL_VERSION = "2026-07-28";

    private ModernEra() {}

    /** The app's stateless MCP server. */
    static McpServer server(
            AppInfo app, List<ToolBinding> tools, ToolBridge bridge, McpJsonMapper json, String version) {
        Map<String, McpAsyncTool> byName = new LinkedHashMap<>();
        for (ToolBinding tool : tools) {
            McpSchema.Tool definition = McpSchema.Tool.builder(
                            tool.spec().name(), tool.spec().inputSchema())
                    .description(tool.spec().description())
                    .build();
            byName.put(
                    definition.name(), McpAsyncTool.of(definition, (ctx, request) -> call(tool, bridge, ctx, request)));
        }
        List<McpSchema.Tool> definitions =
                byName.values().stream().map(McpAsyncTool::definition).toList();
        McpAsyncToolRepository repository = new McpAsyncToolRepository() {
            @Override
            public Mono<ToolsPage> list(McpRequestContext ctx, String cursor) {
                return Mono.just(ToolsPage.of(definitions));
            }

            @Override
            public Mono<McpAsyncTool> find(McpRequestContext ctx, String name) {
                return Mono.justOrEmpty(byName.get(name));
            }
        };
        return McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(app.mcpName(), version)
                        .title(app.title())
                        .build())
                .jsonMapper(json)
                .feature(ToolsFeature.ofAsync(repository, json, ACCEPT_ANY_ARGUMENTS, 0, McpSchema.CacheScope.PRIVATE))
                .build();
    }

    /** The tools check their own arguments, with messages that say what to do. */
    private static final JsonSchemaValidator ACCEPT_ANY_ARGUMENTS =
            (schema, arguments) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    private static Mono<McpAsyncResponse<McpSchema.CallToolOutcome>> call(
            ToolBinding tool, ToolBridge bridge, McpRequestContext ctx, McpSchema.CallToolRequest request) {
        boolean wantsProgress = ctx.progressToken() != null;
        return Mono.just(McpAsyncResponse.streaming(notifier -> {
            CallScope scope = new CallScope(
                    wantsProgress
                            ? (progress, message) ->
                                    notifier.progress(progress, null, message).subscribe()
                            : null);
            return Mono.fromFuture(bridge.call(tool, request.arguments(), scope, null))
                    .map(ModernEra::result)
                    .doOnCancel(scope::cancel);
        }));
    }

    private static McpSchema.CallToolOutcome result(ToolOutcome outcome) {
        McpSchema.CallToolResult.Builder builder = McpSchema.CallToolResult.builder()
                .isError(outcome.error())
                .addContent(McpSchema.TextContent.builder(outcome.text()).build());
        if (outcome.structured() != null) {
            builder.structuredContent(outcome.structured());
        }
        return builder.build();
    }
}
