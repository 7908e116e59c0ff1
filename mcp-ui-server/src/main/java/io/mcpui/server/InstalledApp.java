package io.mcpui.server;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.AppSetting;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.app.PromptHandler;
import io.mcpui.server.app.PromptSpec;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolHandler;
import io.mcpui.server.app.ToolSpec;
import io.mcpui.server.failure.Failure;
import io.mcpui.server.mcp.PromptBinding;
import io.mcpui.server.mcp.ResourceBinding;
import io.mcpui.server.mcp.ToolBinding;
import io.mcpui.server.metrics.ServerMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** An app together with what the server made for it: its manager, tools and page settings. */
final class InstalledApp implements AppContext {

    private final AppInfo info;
    private final ConnectionManager manager;
    private final URI pageUrl;
    private final Map<String, String> settings;
    private final Clock clock;
    private final ServerMetrics metrics;
    private final Map<String, ToolBinding> tools = new LinkedHashMap<>();
    private final Map<String, ResourceBinding> resources = new LinkedHashMap<>();
    private final Map<String, PromptBinding> prompts = new LinkedHashMap<>();
    private final Map<String, Object> pageConfig = new LinkedHashMap<>();
    private final Set<String> viewResourceDomains = new LinkedHashSet<>();
    private final Set<String> viewConnectDomains = new LinkedHashSet<>();
    private volatile boolean installed;

    private InstalledApp(
            AppInfo info,
            ConnectionManager manager,
            URI pageUrl,
            Map<String, String> settings,
            Clock clock,
            ServerMetrics metrics) {
        this.info = info;
        this.manager = manager;
        this.pageUrl = pageUrl;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Lets {@code app} register its tools and handlers; afterwards registration is closed.
     *
     * @param configured setting values given on the command line or in the environment, by name
     */
    static InstalledApp install(
            McpUiApp app,
            ConnectionManager manager,
            URI publicUrl,
            Map<String, String> configured,
            Clock clock,
            ServerMetrics metrics) {
        AppInfo info = app.info();
        Map<String, String> settings = new LinkedHashMap<>();
        for (AppSetting setting : app.settings()) {
            settings.put(setting.name(), configured.getOrDefault(setting.name(), setting.defaultValue()));
        }
        InstalledApp installed = new InstalledApp(
                info, manager, URI.create(publicUrl + info.pagePath()), Map.copyOf(settings), clock, metrics);
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
    public String setting(String name) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalArgumentException("App " + info.mcpName() + " reads the setting '" + name
                    + "' but does not declare it in settings(); it declares " + settings.keySet());
        }
        return value;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void addTool(ToolSpec spec, ToolHandler handler) {
        requireInstalling();
        if (tools.putIfAbsent(spec.name(), new ToolBinding(spec, Objects.requireNonNull(handler, "handler"))) != null) {
            throw new IllegalStateException("App " + info.mcpName() + " already has a tool named " + spec.name());
        }
    }

    @Override
    public void addResource(String uri, String name, String description, String mimeType, String text) {
        requireInstalling();
        ResourceBinding resource = new ResourceBinding(uri, name, description, mimeType, text, Map.of());
        if (resources.putIfAbsent(uri, resource) != null) {
            throw new IllegalStateException("App " + info.mcpName() + " already has a resource " + uri);
        }
    }

    @Override
    public void addPrompt(PromptSpec spec, PromptHandler handler) {
        requireInstalling();
        if (prompts.putIfAbsent(spec.name(), new PromptBinding(spec, Objects.requireNonNull(handler, "handler")))
                != null) {
            throw new IllegalStateException("App " + info.mcpName() + " already has a prompt named " + spec.name());
        }
    }

    @Override
    public void pageConfig(String key, Object value) {
        requireInstalling();
        pageConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void viewLoadsFrom(String... origins) {
        requireInstalling();
        viewResourceDomains.addAll(List.of(origins));
    }

    @Override
    public void viewConnectsTo(String... origins) {
        requireInstalling();
        viewConnectDomains.addAll(List.of(origins));
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // whenComplete records the metrics; its result is not needed
    public CompletableFuture<InboundMessage> request(String sessionId, Object message, Duration timeout) {
        long start = System.nanoTime();
        CompletableFuture<InboundMessage> reply = manager.request(sessionId, message, timeout);
        reply.whenComplete((value, failure) -> metrics.recordPageRequest(
                info.uiPath(),
                Duration.ofNanos(System.nanoTime() - start),
                failure == null ? "ok" : Failure.of(failure, pageUrl).outcome()));
        return reply;
    }

    @Override
    public CompletableFuture<InboundMessage> request(ToolCall call, Object message, Duration timeout) {
        String sessionId = call.sessionId();
        CompletableFuture<InboundMessage> reply = request(sessionId, message, timeout);
        if (!reply.isDone()) {
            call.progress("Asked the page of session " + sessionId + "; waiting for its answer");
        }
        call.onCancel(() -> reply.cancel(false));
        return reply;
    }

    /** The resources the app registered (its in-chat view is not among them). */
    List<ResourceBinding> resources() {
        return List.copyOf(resources.values());
    }

    List<PromptBinding> prompts() {
        return List.copyOf(prompts.values());
    }

    List<ToolBinding> tools() {
        return List.copyOf(tools.values());
    }

    /** What every load of the page, and the view, is configured with. */
    Map<String, Object> pageConfig() {
        Map<String, Object> config = new LinkedHashMap<>(pageConfig);
        config.put("app", info.uiPath());
        config.put("mcpName", info.mcpName());
        config.put("title", info.title());
        config.put("serverUrl", pageUrl.resolve("/").toString());
        return config;
    }

    /** Whether a tool shows the app's page in the chat. */
    boolean hasView() {
        return tools.values().stream().anyMatch(tool -> tool.spec().showsView());
    }

    Set<String> viewResourceDomains() {
        return Set.copyOf(viewResourceDomains);
    }

    Set<String> viewConnectDomains() {
        return Set.copyOf(viewConnectDomains);
    }

    private void requireInstalling() {
        if (installed) {
            throw new IllegalStateException("Tools and page settings can only be added during McpUiApp.install");
        }
    }
}
