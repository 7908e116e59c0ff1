package io.mcpui.server.app;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An app's names and page. Immutable.
 *
 * @param uiPath the path segment of the page: {@code button} serves the page at {@code /button},
 *     its WebSocket at {@code /button/ws} and its admin API under {@code /api/button}
 * @param mcpName the MCP server name: {@code mcp-button-state} serves MCP at {@code
 *     /mcp-button-state/sse} (legacy HTTP+SSE) and {@code /mcp-button-state/mcp} (Streamable HTTP)
 * @param title a short human title, shown in the index and sent as the MCP server's title
 * @param pageResource the classpath resource of the page's HTML, e.g. {@code pages/button.html},
 *     read through the app's class loader
 */
public record AppInfo(String uiPath, String mcpName, String title, String pageResource) {

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * @throws IllegalArgumentException if {@code uiPath} or {@code mcpName} is not a lowercase
     *     path segment ({@code a-z 0-9 -}, starting with a letter or digit)
     */
    public AppInfo {
        requireSegment("uiPath", uiPath);
        requireSegment("mcpName", mcpName);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(pageResource, "pageResource");
    }

    /** Where the page is served: {@code /<uiPath>}. */
    public String pagePath() {
        return "/" + uiPath;
    }

    /** Where the page's WebSocket is: {@code /<uiPath>/ws}. */
    public String webSocketPath() {
        return pagePath() + "/ws";
    }

    /** Where the admin API is: {@code /api/<uiPath>}. */
    public String adminApiPath() {
        return "/api/" + uiPath;
    }

    /** Where MCP is served, both transports below it: {@code /<mcpName>}. */
    public String mcpPath() {
        return "/" + mcpName;
    }

    /** The legacy HTTP+SSE transport's stream: {@code /<mcpName>/sse}. */
    public String ssePath() {
        return mcpPath() + "/sse";
    }

    /** The legacy HTTP+SSE transport's message endpoint: {@code /<mcpName>/message}. */
    public String sseMessagePath() {
        return mcpPath() + "/message";
    }

    /** The Streamable HTTP transport: {@code /<mcpName>/mcp}. */
    public String streamableHttpPath() {
        return mcpPath() + "/mcp";
    }

    private static void requireSegment(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    name + " must be a lowercase path segment (a-z, 0-9, -), was '" + value + "'");
        }
    }
}
