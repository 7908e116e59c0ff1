package io.mcpui.server;

import io.mcpui.server.app.AppInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies of {@code GET /} (every endpoint of every app) and {@code GET /health}. */
final class ServerIndex {

    private final URI base;
    private final Collection<InstalledApp> apps;
    private final boolean clustered;

    ServerIndex(URI base, Collection<InstalledApp> apps, boolean clustered) {
        this.base = base;
        this.apps = apps;
        this.clustered = clustered;
    }

    Map<String, Object> index() {
        String ws = base.toString().replaceFirst("^http", "ws");
        List<Map<String, Object>> appList = new ArrayList<>();
        for (InstalledApp app : apps) {
            AppInfo info = app.info();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("title", info.title());
            entry.put("page", app.pageUrl().toString());
            entry.put("websocket", ws + info.webSocketPath() + "?session_id={session_id}");
            entry.put("mcp_name", info.mcpName());
            entry.put("mcp_sse", base + info.ssePath());
            entry.put("mcp_streamable_http", base + info.streamableHttpPath());
            entry.put(
                    "tools",
                    app.tools().stream().map(tool -> tool.spec().name()).toList());
            entry.put("admin_api", base + info.adminApiPath());
            appList.add(entry);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("name", "mcp-ui-server");
        index.put("apps", appList);
        index.put("health", base + "/health");
        index.put("metrics", base + "/metrics");
        return index;
    }

    Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("cluster", clustered ? "redis" : "single-node");
        Map<String, Object> counts = new LinkedHashMap<>();
        for (InstalledApp app : apps) {
            counts.put(
                    app.info().uiPath(),
                    Map.of(
                            "connections",
                            app.manager().getConnectionCount(),
                            "sessions",
                            app.manager().getSessionIds().size()));
        }
        health.put("apps", counts);
        return health;
    }
}
