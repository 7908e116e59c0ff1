package io.mcpui.server.http;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app's page: one HTML template for the page a person opens and for the view a chat host shows
 * (MCP Apps). The marker {@value #CONFIG_MARKER} becomes a {@code <script id="mcp-ui-config"
 * type="application/json">} element with the page's configuration. For a view, the shared browser
 * client and style sheet are put inline, since a chat host's sandbox may load nothing from
 * elsewhere. Immutable.
 */
public final class PageTemplate {

    /** Where the template wants its configuration. */
    public static final String CONFIG_MARKER = "<!--MCP_UI_CONFIG-->";

    private static final String CLIENT_SCRIPT = "<script src=\"/static/mcp-ui-client.js\"></script>";
    private static final String STYLE_SHEET = "<link rel=\"stylesheet\" href=\"/static/mcp-ui.css\">";

    private final String head;
    private final String tail;
    private final JsonMapper json;

    private PageTemplate(AppInfo app, String template, JsonMapper json) {
        int marker = template.indexOf(CONFIG_MARKER);
        if (marker < 0) {
            throw new IllegalArgumentException("The page " + app.pageResource() + " lacks the marker " + CONFIG_MARKER);
        }
        this.head = template.substring(0, marker);
        this.tail = template.substring(marker + CONFIG_MARKER.length());
        this.json = json;
    }

    /**
     * The app's template, read through the app's own class loader (a discovered app may have its
     * own).
     *
     * @throws IllegalArgumentException if it lacks {@link #CONFIG_MARKER}
     */
    public static PageTemplate of(McpUiApp app, JsonMapper json) {
        return new PageTemplate(
                app.info(),
                ClasspathText.read(app.getClass().getClassLoader(), app.info().pageResource()),
                json);
    }

    /** The page with {@code config}. */
    public String render(Map<String, Object> config) {
        return head + "<script id=\"mcp-ui-config\" type=\"application/json\">"
                + scriptSafe(json.writeValueAsString(config)) + "</script>" + tail;
    }

    /** The page with {@code config}, its shared client and style sheet inline: for a view. */
    public String renderSelfContained(Map<String, Object> config) {
        return render(config)
                .replace(STYLE_SHEET, "<style>\n" + ClasspathText.read("static/mcp-ui.css") + "</style>")
                .replace(
                        CLIENT_SCRIPT,
                        "<script>\n"
                                + ClasspathText.read("static/mcp-ui-client.js").replace("</script", "<\\/script")
                                + "</script>");
    }

    /** JSON that cannot end the script element or open a comment inside it. */
    private static String scriptSafe(String jsonText) {
        return jsonText.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
