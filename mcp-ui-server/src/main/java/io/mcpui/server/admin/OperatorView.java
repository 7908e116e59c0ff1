package io.mcpui.server.admin;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerStats;
import io.mcpui.connection.websocket.WebSocketStats;
import io.mcpui.server.metrics.RecentErrors;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the operator's page shows, as one JSON-able snapshot: for each app its counters, the
 * nodes of its cluster with their sessions and tabs, and its sessions with the node that holds
 * them (the first {@link #MAX_SESSIONS}); and the recent errors. Counters are totals since the
 * start; the page turns them into rates. Thread-safe.
 */
public final class OperatorView {

    /** How many sessions of an app the snapshot lists (all are counted). */
    public static final int MAX_SESSIONS = 200;

    /**
     * One app as the view reads it.
     *
     * @param name its UI path
     * @param manager its connection manager
     * @param webSockets its WebSocket adapter's counters
     */
    public record App(String name, ConnectionManager manager, Supplier<WebSocketStats> webSockets) {}

    private final URI server;
    private final List<App> apps;
    private final RecentErrors errors;
    private final Clock clock;

    public OperatorView(URI server, List<App> apps, RecentErrors errors, Clock clock) {
        this.server = server;
        this.apps = List.copyOf(apps);
        this.errors = errors;
        this.clock = clock;
    }

    /** The snapshot: maps, lists, strings and numbers. */
    public Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("server", server.toString());
        snapshot.put("time", clock.millis());
        List<Object> appViews = new ArrayList<>();
        apps.forEach(app -> appViews.add(appView(app)));
        snapshot.put("apps", appViews);
        snapshot.put("recent_errors", errors.list());
        return snapshot;
    }

    private static Map<String, Object> appView(App app) {
        ConnectionManager manager = app.manager();
        ConnectionManagerStats stats = manager.stats();
        WebSocketStats webSockets = app.webSockets().get();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", app.name());
        view.put("node", manager.nodeId());
        view.put("connections", stats.connections());
        view.put("pending_requests", stats.pendingRequests());
        view.put("messages_sent", stats.messagesQueued());
        view.put("messages_dropped", stats.messagesDropped());
        view.put("slow_connections_closed", stats.slowConnectionsClosed());
        view.put("evictions", webSockets.evictions());
        view.put("requests_sent", stats.requestsSent());
        view.put("requests_timed_out", stats.requestsTimedOut());
        view.put(
                "handshakes_refused",
                webSockets.refusedForOrigin()
                        + webSockets.refusedForToken()
                        + webSockets.refusedForRate()
                        + webSockets.refusedForBadRequest());
        List<Object> nodes = new ArrayList<>();
        List<Object> sessions = new ArrayList<>();
        int sessionCount = 0;
        for (Map.Entry<String, Map<String, Integer>> node :
                manager.getSessionsByNode().entrySet()) {
            int tabs = 0;
            for (Map.Entry<String, Integer> session : node.getValue().entrySet()) {
                tabs += session.getValue();
                sessionCount++;
                if (sessions.size() < MAX_SESSIONS) {
                    sessions.add(Map.of("id", session.getKey(), "tabs", session.getValue(), "node", node.getKey()));
                }
            }
            nodes.add(Map.of(
                    "id", node.getKey(),
                    "this", node.getKey().equals(manager.nodeId()),
                    "sessions", node.getValue().size(),
                    "tabs", tabs));
        }
        view.put("nodes", nodes);
        view.put("session_count", sessionCount);
        view.put("sessions", sessions);
        return view;
    }
}
