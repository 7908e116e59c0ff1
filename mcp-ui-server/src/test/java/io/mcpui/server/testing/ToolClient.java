package io.mcpui.server.testing;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real MCP Java SDK client of one app, on either protocol era, with what the tests ask of it:
 * the tools listed and a tool called. The 2025 clients initialize an MCP session on the legacy
 * SSE or the Streamable HTTP transport; the 2026-07-28 client is stateless.
 */
public interface ToolClient extends AutoCloseable {

    /** How the client reaches the app. */
    enum Transport {
        LEGACY_SSE,
        STREAMABLE_HTTP,
        MODERN_2026
    }

    /** A tool as listed. */
    record Tool(String name, Map<String, Object> inputSchema) {}

    /** A tool's result. */
    record Result(String text, boolean isError, @Nullable Object structuredContent) {}

    /** The tools the server lists, in order. */
    List<Tool> tools();

    /** Calls a tool. */
    Result call(String tool, Map<String, Object> arguments);

    /** The name the server gives itself. */
    String serverName();

    /** The URIs of the resources the server lists, in order. */
    List<String> resourceUris();

    /** The text of a resource. */
    String readResource(String uri);

    /** The names of the prompts the server lists, in order. */
    List<String> promptNames();

    /** The text of the first message of a prompt. */
    String prompt(String name, Map<String, String> arguments);

    @Override
    void close();

    /** A connected client of the app named {@code mcpName}. */
    static ToolClient open(URI server, String mcpName, Transport transport) {
        return transport == Transport.MODERN_2026
                ? modern(server, mcpName)
                : legacy(McpClients.connect(
                        server,
                        mcpName,
                        transport == Transport.LEGACY_SSE
                                ? McpClients.Transport.LEGACY_SSE
                                : McpClients.Transport.STREAMABLE_HTTP));
    }

    private static ToolClient legacy(McpSyncClient client) {
        return new ToolClient() {
            @Override
            public List<Tool> tools() {
                List<Tool> tools = new ArrayList<>();
                client.listTools().tools().forEach(tool -> tools.add(new Tool(tool.name(), tool.inputSchema())));
                return tools;
            }

            @Override
            public Result call(String tool, Map<String, Object> arguments) {
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
                String text = ((McpSchema.TextContent) result.content().get(0)).text();
                return new Result(text, Boolean.TRUE.equals(result.isError()), result.structuredContent());
            }

            @Override
            public String serverName() {
                return client.getServerInfo().name();
            }

            @Override
            public List<String> resourceUris() {
                return client.listResources().resources().stream()
                        .map(McpSchema.Resource::uri)
                        .toList();
            }

            @Override
            public String readResource(String uri) {
                return ((McpSchema.TextResourceContents) client.readResource(new McpSchema.ReadResourceRequest(uri))
                                .contents()
                                .get(0))
                        .text();
            }

            @Override
            public List<String> promptNames() {
                return client.listPrompts().prompts().stream()
                        .map(McpSchema.Prompt::name)
                        .toList();
            }

            @Override
            public String prompt(String name, Map<String, String> arguments) {
                McpSchema.GetPromptResult result =
                        client.getPrompt(new McpSchema.GetPromptRequest(name, Map.copyOf(arguments)));
                return ((McpSchema.TextContent) result.messages().get(0).content()).text();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static ToolClient modern(URI server, String mcpName) {
        io.modelcontextprotocol.modern.client.McpSyncClient client =
                io.modelcontextprotocol.modern.client.McpClient.sync(
                                HttpClientMcpTransport.builder(server + "/" + mcpName + "/mcp")
                                        .build())
                        .callTimeout(Duration.ofSeconds(30))
                        .build();
        return new ToolClient() {
            @Override
            public List<Tool> tools() {
                List<Tool> tools = new ArrayList<>();
                client.listTools().list().tools().forEach(tool -> tools.add(new Tool(tool.name(), tool.inputSchema())));
                return tools;
            }

            @Override
            public Result call(String tool, Map<String, Object> arguments) {
                io.modelcontextprotocol.modern.McpSchema.CallToolResult result =
                        client.tool(tool).arguments(arguments).call();
                String text = ((io.modelcontextprotocol.modern.McpSchema.TextContent)
                                result.content().get(0))
                        .text();
                return new Result(text, Boolean.TRUE.equals(result.isError()), result.structuredContent());
            }

            @Override
            public List<String> resourceUris() {
                return client.resources().list().resources().stream()
                        .map(io.modelcontextprotocol.modern.McpSchema.Resource::uri)
                        .toList();
            }

            @Override
            public String readResource(String uri) {
                return ((io.modelcontextprotocol.modern.McpSchema.TextResourceContents)
                                client.resource(uri).read().contents().get(0))
                        .text();
            }

            @Override
            public List<String> promptNames() {
                return client.prompts().list().prompts().stream()
                        .map(io.modelcontextprotocol.modern.McpSchema.Prompt::name)
                        .toList();
            }

            @Override
            public String prompt(String name, Map<String, String> arguments) {
                return ((io.modelcontextprotocol.modern.McpSchema.TextContent) client.prompt(name)
                                .arguments(arguments)
                                .get()
                                .messages()
                                .get(0)
                                .content())
                        .text();
            }

            @Override
            public String serverName() {
                Map<String, Object> meta = client.discover().meta();
                return (String) ((Map<?, ?>) meta.get("io.modelcontextprotocol/serverInfo")).get("name");
            }

            @Override
            public void close() {}
        };
    }
}
