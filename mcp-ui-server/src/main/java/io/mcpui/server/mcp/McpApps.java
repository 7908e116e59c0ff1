package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The MCP Apps extension ({@code io.modelcontextprotocol/ui}, stable revision 2026-01-26): the
 * names and {@code _meta} entries that link a tool to its app's view and tell a host what the
 * view may load and connect to.
 */
public final class McpApps {

    /** The extension's id, as hosts announce it in their capabilities. */
    public static final String EXTENSION_ID = "io.modelcontextprotocol/ui";

    /** The MIME type of a view resource. */
    public static final String MIME_TYPE = "text/html;profile=mcp-app";

    private McpApps() {}

    /** The URI of an app's view resource: {@code ui://<mcpName>/view}. */
    public static String viewUri(AppInfo app) {
        return "ui://" + app.mcpName() + "/view";
    }

    /** Whether a client's capability extensions say it renders views. */
    static boolean hostShowsViews(@Nullable Map<String, ?> extensions) {
        return extensions != null && extensions.containsKey(EXTENSION_ID);
    }

    /** A tool's {@code _meta}: the link to its app's view, for a tool that shows it; else none. */
    static Map<String, Object> toolMeta(ToolSpec tool, AppInfo app) {
        if (!tool.showsView()) {
            return Map.of();
        }
        String uri = viewUri(app);
        // The flat key is the extension's earlier spelling, which some hosts still read.
        return Map.of("ui", Map.of("resourceUri", uri), "ui/resourceUri", uri);
    }

    /**
     * A view resource's {@code _meta}: exactly the origins the view needs, which a host turns into
     * its sandbox's Content-Security-Policy.
     *
     * @param connectDomains origins the view fetches from or opens WebSockets to ({@code
     *     connect-src}); list {@code ws://} and {@code wss://} origins themselves, since {@code
     *     http://h:p} does not cover {@code ws://h:p}
     * @param resourceDomains origins the view loads scripts, styles, images, fonts or media from
     */
    public static Map<String, Object> viewMeta(List<String> connectDomains, List<String> resourceDomains) {
        Map<String, Object> csp = new LinkedHashMap<>();
        csp.put("connectDomains", List.copyOf(connectDomains));
        csp.put("resourceDomains", List.copyOf(resourceDomains));
        return Map.of("ui", Map.of("csp", csp, "prefersBorder", true));
    }
}
