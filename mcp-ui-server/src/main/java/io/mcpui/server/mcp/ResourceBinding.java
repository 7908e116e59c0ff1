package io.mcpui.server.mcp;

import java.util.Map;

/**
 * An MCP resource of an app, the same on both protocol eras. Immutable.
 *
 * @param uri e.g. {@code ui://mcp-strudel/view}
 * @param name a short name
 * @param description what it is, for the client
 * @param mimeType e.g. {@code text/html;profile=mcp-app}
 * @param text its content
 * @param meta its {@code _meta}, on the listing and on the content read (MCP Apps reads it there)
 */
public record ResourceBinding(
        String uri, String name, String description, String mimeType, String text, Map<String, Object> meta) {

    public ResourceBinding {
        meta = Map.copyOf(meta);
    }
}
