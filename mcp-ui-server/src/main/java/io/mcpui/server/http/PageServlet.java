package io.mcpui.server.http;

import io.mcpui.connection.SessionIdsExhaustedException;
import io.mcpui.connection.SessionTokens;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves an app's page with a freshly issued session id. The page's HTML holds the marker {@value
 * #CONFIG_MARKER}; it is replaced by a {@code <script id="mcp-ui-config" type="application/json">}
 * element carrying the session id, the WebSocket path and the app's own settings.
 */
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the page template wants its configuration. */
    public static final String CONFIG_MARKER = "<!--MCP_UI_CONFIG-->";

    private final transient AppContext app;
    // The template around its marker, and the settings every load shares, prepared once.
    private final String pageHead;
    private final String pageTail;
    private final transient Map<String, Object> sharedConfig;
    private final transient JsonMapper json;
    private final transient @Nullable SessionTokens tokens;

    /**
     * @param tokens signs each issued id for the page's WebSocket handshake; {@code null}: open
     *     sessions, no token
     * @throws IllegalArgumentException if {@code template} lacks {@link #CONFIG_MARKER}
     */
    public PageServlet(
            AppContext app,
            String template,
            Map<String, Object> appConfig,
            JsonMapper json,
            @Nullable SessionTokens tokens) {
        if (!template.contains(CONFIG_MARKER)) {
            throw new IllegalArgumentException(
                    "The page " + app.info().pageResource() + " lacks the marker " + CONFIG_MARKER);
        }
        this.app = app;
        int marker = template.indexOf(CONFIG_MARKER);
        this.pageHead = template.substring(0, marker);
        this.pageTail = template.substring(marker + CONFIG_MARKER.length());
        Map<String, Object> shared = new LinkedHashMap<>(appConfig);
        shared.put("app", app.info().uiPath());
        shared.put("mcpName", app.info().mcpName());
        shared.put("title", app.info().title());
        this.sharedConfig = shared;
        this.json = json;
        this.tokens = tokens;
    }

    /** The app's page template, read through the app's own class loader (a discovered app may have its own). */
    public static String readTemplate(McpUiApp app) {
        AppInfo info = app.info();
        try (InputStream in = app.getClass().getClassLoader().getResourceAsStream(info.pageResource())) {
            if (in == null) {
                throw new IllegalStateException("App " + info.mcpName() + " names the page " + info.pageResource()
                        + ", which is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sessionId;
        try {
            sessionId = app.manager().generateSessionId();
        } catch (SessionIdsExhaustedException e) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "No free session id; try again later");
            return;
        }
        Map<String, Object> config = new LinkedHashMap<>(sharedConfig);
        config.put("sessionId", sessionId);
        if (tokens != null) {
            config.put("token", tokens.issue(sessionId));
        }
        config.put("wsPath", app.info().webSocketPath());
        byte[] html = (pageHead
                        + "<script id=\"mcp-ui-config\" type=\"application/json\">"
                        + scriptSafe(json.writeValueAsString(config))
                        + "</script>"
                        + pageTail)
                .getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html; charset=utf-8");
        // Every load issues a new id, so the page must never come from a cache.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
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
