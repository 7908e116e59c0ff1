package io.mcpui.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the configuration a page gets from the server (its session id, token, WebSocket path). */
public final class PageConfig {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String START = "<script id=\"mcp-ui-config\" type=\"application/json\">";

    private PageConfig() {}

    /** GETs {@code /<app>} and returns its configuration object. */
    public static Map<String, Object> load(URI server, String app) throws Exception {
        String html = HTTP.send(
                        HttpRequest.newBuilder(server.resolve("/" + app))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return parse(html);
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
