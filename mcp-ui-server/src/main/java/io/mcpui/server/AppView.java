package io.mcpui.server;

import io.mcpui.connection.SessionTokens;
import io.mcpui.server.http.PageTemplate;
import io.mcpui.server.mcp.McpApps;
import io.mcpui.server.mcp.ResourceBinding;
import io.mcpui.server.mcp.ViewSessions;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An app's page as an in-chat view (MCP Apps): the {@code ui://} resource a chat host renders,
 * with the Content-Security-Policy entries it needs, and the sessions opened for it. The view is
 * the app's own page template, configured to wait for its session in the tool result and to
 * connect to the server's absolute WebSocket URL.
 */
final class AppView implements ViewSessions {

    private final InstalledApp app;
    private final URI base;
    private final @Nullable SessionTokens tokens;
    private final String webSocketUrl;

    /** @param tokens signs each view's session; {@code null}: open sessions, no token */
    AppView(InstalledApp app, URI base, @Nullable SessionTokens tokens) {
        this.app = app;
        this.base = base;
        this.tokens = tokens;
        this.webSocketUrl = webSocketOrigin(base) + app.info().webSocketPath();
    }

    /** The view resource: the page, self-contained, and exactly the origins it needs. */
    ResourceBinding resource(PageTemplate template) {
        Map<String, Object> config = new LinkedHashMap<>(app.pageConfig());
        config.put("view", true);
        config.put("wsUrl", webSocketUrl);
        Set<String> connect = new LinkedHashSet<>(List.of(webSocketOrigin(base), origin(base)));
        connect.addAll(app.viewConnectDomains());
        return new ResourceBinding(
                McpApps.viewUri(app.info()),
                app.info().mcpName() + "-view",
                app.info().title() + ", shown in the chat",
                McpApps.MIME_TYPE,
                template.renderSelfContained(config),
                McpApps.viewMeta(new ArrayList<>(connect), new ArrayList<>(app.viewResourceDomains())));
    }

    @Override
    public OpenedView open() {
        String sessionId = app.manager().generateSessionId();
        app.manager().openSession(sessionId);
        return new OpenedView(sessionId, tokens == null ? null : tokens.issueForView(sessionId), webSocketUrl);
    }

    /** {@code scheme://host[:port]} of {@code uri}. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String webSocketOrigin(URI base) {
        return ("https".equals(base.getScheme()) ? "wss" : "ws") + "://" + base.getRawAuthority();
    }
}
