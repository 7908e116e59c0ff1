package io.mcpui.server;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.RequestTimeoutException;
import io.mcpui.connection.SessionClosedException;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.app.ToolHandler;
import io.mcpui.server.app.ToolSpec;
import io.mcpui.server.metrics.ServerMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** An app together with what the server made for it: its manager, tools and page settings. */
final class InstalledApp implements AppContext {

    /** A tool as the app registered it. */
    record Tool(ToolSpec spec, ToolHandler handler) {}

    private final AppInfo info;
    private final ConnectionManager manager;
    private final URI pageUrl;
    private final ServerMetrics metrics;
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final Map<String, Object> pageConfig = new LinkedHashMap<>();
    private volatile boolean installed;

    private InstalledApp(AppInfo info, ConnectionManager manager, URI pageUrl, ServerMetrics metrics) {
        this.info = info;
        this.manager = manager;
        this.pageUrl = pageUrl;
        this.metrics = metrics;
    }

    /** Lets {@code app} register its tools and handlers; afterwards registration is closed. */
    static InstalledApp install(McpUiApp app, ConnectionManager manager, URI publicUrl, ServerMetrics metrics) {
        AppInfo info = app.info();
        InstalledApp installed = new InstalledApp(info, manager, URI.create(publicUrl + info.pagePath()), metrics);
        app.install(installed);
        installed.installed = true;
        return installed;
    }

    @Override
    public AppInfo info() {
        return info;
    }

    @Override
    public ConnectionManager manager() {
        return manager;
    }

    @Override
    public URI pageUrl() {
        return pageUrl;
    }

    @Override
    public void addTool(ToolSpec spec, ToolHandler handler) {
        requireInstalling();
        if (tools.putIfAbsent(spec.name(), new Tool(spec, Objects.requireNonNull(handler, "handler"))) != null) {
            throw new IllegalStateException("App " + info.mcpName() + " already has a tool named " + spec.name());
        }
    }

    @Override
    public void pageConfig(String key, Object value) {
        requireInstalling();
        pageConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public CompletableFuture<InboundMessage> request(String sessionId, Object message, Duration timeout) {
        long start = System.nanoTime();
        CompletableFuture<InboundMessage> reply = manager.request(sessionId, message, timeout);
        reply.whenComplete((value, failure) -> metrics.recordPageRequest(
                info.uiPath(), Duration.ofNanos(System.nanoTime() - start), outcome(failure)));
        return reply;
    }

    List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    Map<String, Object> pageConfig() {
        return Map.copyOf(pageConfig);
    }

    private void requireInstalling() {
        if (installed) {
            throw new IllegalStateException("Tools and page settings can only be added during McpUiApp.install");
        }
    }

    private static String outcome(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            return "ok";
        }
        if (cause instanceof RequestTimeoutException) {
            return "timeout";
        }
        if (cause instanceof SessionNotFoundException) {
            return "not_found";
        }
        if (cause instanceof SessionClosedException) {
            return "closed";
        }
        return "error";
    }
}
