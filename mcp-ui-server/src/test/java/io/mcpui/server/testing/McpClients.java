package io.mcpui.server.testing;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Real MCP Java SDK clients for the server's two transports. */
public final class McpClients {

    /** The two ways to reach an app's MCP server. */
    public enum Transport {
        LEGACY_SSE,
        STREAMABLE_HTTP
    }

    private McpClients() {}

    /** An initialized client of the app named {@code mcpName}. */
    public static McpSyncClient connect(URI server, String mcpName, Transport transport) {
        return connect(server, mcpName, transport, null);
    }

    /** An initialized client that sends {@code Authorization: Bearer <bearerToken>} when given one. */
    public static McpSyncClient connect(URI server, String mcpName, Transport transport, @Nullable String bearerToken) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (bearerToken != null) {
            requests.header("Authorization", "Bearer " + bearerToken);
        }
        McpClientTransport clientTransport = switch (transport) {
            case LEGACY_SSE ->
                HttpClientSseClientTransport.builder(server.toString())
                        .sseEndpoint("/" + mcpName + "/sse")
                        .requestBuilder(requests)
                        .build();
            case STREAMABLE_HTTP ->
                HttpClientStreamableHttpTransport.builder(server.toString())
                        .endpoint("/" + mcpName + "/mcp")
                        .requestBuilder(requests)
                        .build();
        };
        McpSyncClient client = McpClient.sync(clientTransport)
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    /** Calls a tool. */
    public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** The text of a result's first content. */
    public static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
