package io.mcpui.server.testing;

import java.net.URI;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the configuration a page gets from the server (its session id, token, WebSocket path). */
public final class PageConfig {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String START = "<script id=\"mcp-ui-config\" type=\"application/json\">";

    private PageConfig() {}

    /** GETs {@code /<app>} and returns its configuration object. */
    public static Map<String, Object> load(URI server, String app) throws Exception {
        return parse(Http.get(server, "/" + app).body());
    }

    /** The configuration object in a page's HTML. */
    public static Map<String, Object> parse(String html) {
        int start = html.indexOf(START);
        if (start < 0) {
            throw new AssertionError("No page configuration in: " + html);
        }
        int end = html.indexOf("</script>", start);
        return JSON.readValue(html.substring(start + START.length(), end), new TypeReference<Map<String, Object>>() {});
    }
}
