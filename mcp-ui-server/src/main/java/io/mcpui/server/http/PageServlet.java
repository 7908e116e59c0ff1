package io.mcpui.server.http;

import io.mcpui.connection.SessionIdsExhaustedException;
import io.mcpui.connection.SessionTokens;
import io.mcpui.server.app.AppContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Serves an app's page with a freshly issued session id: its configuration carries the session
 * id, its token, the WebSocket path and the app's own settings ({@link PageTemplate}).
 */
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient AppContext app;
    private final transient PageTemplate template;
    private final transient Map<String, Object> sharedConfig;
    private final transient @Nullable SessionTokens tokens;

    /**
     * @param sharedConfig what every load of the page is configured with
     * @param tokens signs each issued id for the page's WebSocket handshake; {@code null}: open
     *     sessions, no token
     */
    public PageServlet(
            AppContext app, PageTemplate template, Map<String, Object> sharedConfig, @Nullable SessionTokens tokens) {
        this.app = app;
        this.template = template;
        this.sharedConfig = Map.copyOf(sharedConfig);
        this.tokens = tokens;
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
        byte[] html = template.render(config).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html; charset=utf-8");
        // Every load issues a new id, so the page must never come from a cache.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
    }
}
