package io.mcpui.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.feature.McpAsyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpAsyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResource;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpAsyncTool;
import io.modelcontextprotocol.modern.server.feature.McpAsyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The app's tools and resources on protocol revision 2026-07-28: stateless (no {@code
 * initialize}, no MCP session), so any node of a cluster answers any request. A call's response
 * streams (server-sent events): progress goes out as it happens, and a client that closes the
 * stream cancels the call. No thread waits for the call: see {@link AsyncMcpServlet}.
 */
final class ModernEra {

    /** The protocol revision this era speaks. */
    static final String PROTOCOL_VERSION = "2026-07-28";

    /** The tools check their own arguments, with messages that say what to do. */
    private static final JsonSchemaValidator ACCEPT_ANY_ARGUMENTS =
            (schema, arguments) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    private ModernEra() {}

    /** The app's stateless MCP server. */
    static McpServer server(McpApp app, ToolBridge bridge, McpJsonMapper json, String version) {
        McpServer.Builder server = McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(app.info().mcpName(), version)
                        .title(app.info().title())
                        .build())
                .jsonMapper(json)
                .feature(ToolsFeature.ofAsync(
                        tools(app, bridge), json, ACCEPT_ANY_ARGUMENTS, 0, McpSchema.CacheScope.PRIVATE));
        if (!app.resources().isEmpty()) {
            server.feature(ResourcesFeature.ofAsync(resources(app.resources()), json, 0, McpSchema.CacheScope.PRIVATE));
        }
        if (!app.prompts().isEmpty()) {
            server.feature(PromptsFeature.ofAsync(prompts(app.prompts()), json, 0, McpSchema.CacheScope.PRIVATE));
        }
        return server.build();
    }

    /** The prompts; a missing argument is an invalid-params error. */
    private static McpAsyncPromptRepository prompts(List<PromptBinding> bindings) {
        Map<String, McpAsyncPrompt> byName = new LinkedHashMap<>();
        for (PromptBinding prompt : bindings) {
            McpSchema.Prompt definition = new McpSchema.Prompt(
                    prompt.spec().name(),
                    null,
                    prompt.spec().description(),
                    prompt.spec().arguments().stream()
                            .map(argument -> new McpSchema.PromptArgument(
                                    argument.name(), null, argument.description(), argument.required()))
                            .toList(),
                    null,
                    null);
            byName.put(
                    definition.name(),
                    McpAsyncPrompt.of(
                            definition,
                            (ctx, request) -> Mono.fromCallable(() ->
                                            McpAsyncResponse.<McpSchema.GetPromptOutcome>result(
                                                    new McpSchema.GetPromptResult(
                                                            prompt.spec().description(),
                                                            List.of(new McpSchema.PromptMessage(
                                                                    McpSchema.Role.USER,
                                                                    new McpSchema.TextContent(
                                                                            null,
                                                                            prompt.message(
                                                                                    request.arguments() == null
                                                                                            ? Map.of()
                                                                                            : request.arguments()),
                                                                            null))),
                                                            null,
                                                            null)))
                                    .onErrorMap(
                                            IllegalArgumentException.class,
                                            e -> McpException.invalidParams(e.getMessage()))));
        }
        List<McpSchema.Prompt> listed =
                byName.values().stream().map(McpAsyncPrompt::definition).toList();
        return new McpAsyncPromptRepository() {
            @Override
            public Mono<PromptsPage> list(McpRequestContext ctx, String cursor) {
                return Mono.just(PromptsPage.of(listed));
            }

            @Override
            public Mono<McpAsyncPrompt> find(McpRequestContext ctx, String name) {
                return Mono.justOrEmpty(byName.get(name));
            }
        };
    }

    private static McpAsyncToolRepository tools(McpApp app, ToolBridge bridge) {
        Map<String, McpAsyncTool> byName = new LinkedHashMap<>();
        for (ToolBinding tool : app.tools()) {
            McpSchema.Tool definition = McpSchema.Tool.builder(
                            tool.spec().name(), tool.spec().inputSchema())
                    .description(tool.spec().description())
                    .meta(McpApps.toolMeta(tool.spec(), app.info()))
                    .build();
            byName.put(
                    definition.name(), McpAsyncTool.of(definition, (ctx, request) -> call(tool, bridge, ctx, request)));
        }
        List<McpSchema.Tool> listed =
                byName.values().stream().map(McpAsyncTool::definition).toList();
        return new McpAsyncToolRepository() {
            @Override
            public Mono<ToolsPage> list(McpRequestContext ctx, String cursor) {
                return Mono.just(ToolsPage.of(listed));
            }

            @Override
            public Mono<McpAsyncTool> find(McpRequestContext ctx, String name) {
                return Mono.justOrEmpty(byName.get(name));
            }
        };
    }

    private static McpAsyncResourceRepository resources(List<ResourceBinding> bindings) {
        Map<String, ResourceBinding> byUri = new LinkedHashMap<>();
        bindings.forEach(resource -> byUri.put(resource.uri(), resource));
        List<McpSchema.Resource> listed = bindings.stream()
                .map(resource -> McpSchema.Resource.builder(resource.uri(), resource.name())
                        .description(resource.description())
                        .mimeType(resource.mimeType())
                        .meta(resource.meta())
                        .build())
                .toList();
        return new McpAsyncResourceRepository() {
            @Override
            public Mono<ResourcesPage> list(McpRequestContext ctx, String cursor) {
                return Mono.just(ResourcesPage.of(listed));
            }

            @Override
            public Mono<McpAsyncResource> find(McpRequestContext ctx, String uri) {
                ResourceBinding resource = byUri.get(uri);
                return resource == null
                        ? Mono.empty()
                        : Mono.just(McpAsyncResource.of((context, request) -> read(resource)));
            }
        };
    }

    private static Mono<McpAsyncResponse<McpSchema.ReadResourceOutcome>> read(ResourceBinding resource) {
        McpSchema.ResourceContents contents = McpSchema.TextResourceContents.builder(resource.uri(), resource.text())
                .mimeType(resource.mimeType())
                .meta(resource.meta())
                .build();
        return Mono.just(McpAsyncResponse.result(
                McpSchema.ReadResourceResult.builder(List.of(contents)).build()));
    }

    private static Mono<McpAsyncResponse<McpSchema.CallToolOutcome>> call(
            ToolBinding tool, ToolBridge bridge, McpRequestContext ctx, McpSchema.CallToolRequest request) {
        boolean wantsProgress = ctx.progressToken() != null;
        McpSchema.ClientCapabilities capabilities = ctx.clientCapabilities();
        boolean showsViews = capabilities != null && McpApps.hostShowsViews(capabilities.extensions());
        return Mono.just(McpAsyncResponse.streaming(notifier -> {
            CallScope scope = new CallScope(
                    wantsProgress
                            ? (progress, message) ->
                                    notifier.progress(progress, null, message).subscribe()
                            : null,
                    showsViews);
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
