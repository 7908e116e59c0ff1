package io.mcpui.server;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.jetty.ManagedWebSocketCreator;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.server.admin.AdminEventsServlet;
import io.mcpui.server.admin.AdminPageServlet;
import io.mcpui.server.admin.OperatorView;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.http.AdminApiServlet;
import io.mcpui.server.http.BearerTokenFilter;
import io.mcpui.server.http.CorsFilter;
import io.mcpui.server.http.HostOriginFilter;
import io.mcpui.server.http.JsonResponses;
import io.mcpui.server.http.JsonServlet;
import io.mcpui.server.http.MetricsServlet;
import io.mcpui.server.http.NotFoundServlet;
import io.mcpui.server.http.PageServlet;
import io.mcpui.server.http.PageTemplate;
import io.mcpui.server.http.StaticFiles;
import io.mcpui.server.mcp.McpApp;
import io.mcpui.server.mcp.McpEndpoints;
import io.mcpui.server.mcp.ResourceBinding;
import io.mcpui.server.metrics.ServerMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One embedded Jetty server hosting every app on one port: for each app its page, WebSocket, MCP
 * endpoints (both transports) and admin API; plus {@code GET /} (index), {@code /health}, {@code
 * /metrics} and {@code /static/}. Build it, {@link #start()} it, {@link #close()} it. Starting and
 * closing are not thread-safe; the rest is.
 */
public final class UnifiedServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnifiedServer.class);
    private static final int ACCEPT_QUEUE = 1024;

    private final ServerConfig config;
    private final List<McpUiApp> apps;
    private final Server server;
    private final ServerConnector connector;
    private final JsonMapper json = JsonMapper.builder().build();
    private final JsonResponses responses = new JsonResponses(json);
    private final ServerMetrics metrics = new ServerMetrics();
    private final Map<String, InstalledApp> installed = new LinkedHashMap<>();
    private final List<OperatorView.App> operatorApps = new ArrayList<>();
    private @Nullable AdminEventsServlet adminEvents;
    private final AppManagers managers;
    private @Nullable McpEndpoints mcp;
    private @Nullable ServerNames names;
    private boolean closed;

    /**
     * A server with every app on the classpath registered as a {@link ServiceLoader} provider of
     * {@link McpUiApp}: the built-in ones (button state, Strudel) and any other.
     */
    public UnifiedServer(ServerConfig config) {
        this(config, discoverApps());
    }

    /** A server with the given apps. */
    public UnifiedServer(ServerConfig config, List<McpUiApp> apps) {
        this.config = Objects.requireNonNull(config, "config");
        this.apps = List.copyOf(apps);
        this.managers = new AppManagers(config);
        // The 2025 transports block a request thread for each tool call until it completes (a call
        // waiting for a page included): the pool holds the cap of such calls, plus threads for
        // everything else, which waits on nothing (2026-07-28 calls, pages, the admin API).
        QueuedThreadPool threads = new QueuedThreadPool(config.maxConcurrentToolCalls() + 64, 8);
        threads.setName("mcp-ui");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // A burst of callers (one connection each) overflows the JDK's default listen backlog of
        // 50, and the kernel then drops or resets connections; the kernel caps this at somaxconn.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
    }

    /**
     * Every app on the class path, found with {@link ServiceLoader}: the server's own (built-in)
     * apps first, then the others in class path order.
     */
    public static List<McpUiApp> discoverApps() {
        return Apps.discover();
    }

    /**
     * Binds the port, builds every app's endpoints and starts serving. If anything fails, what was
     * started is closed again before the exception is thrown.
     *
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException if two apps share a UI path or MCP name, or a configured
     *     app setting is declared by no app
     * @throws io.mcpui.connection.ClusterUnavailableException if Redis is configured but unreachable
     */
    public UnifiedServer start() throws Exception {
        try {
            Apps.requireConsistent(apps, config.appSettings());
            connector.open(); // bind first: the Origin and Host checks need the real port
            ServerNames bound = new ServerNames(config, connector.getLocalPort());
            names = bound;
            ServletContextHandler context = new ServletContextHandler("/");
            WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {});
            protectAdminApi(context, bound);
            McpEndpoints endpoints = new McpEndpoints(
                    json,
                    metrics,
                    bound.allowedOrigins(),
                    bound.allowedHosts(),
                    config.mcpKeepAlive(),
                    config.maxConcurrentToolCalls());
            mcp = endpoints;
            installApps(context, webSockets, bound, endpoints);
            addServerEndpoints(context, bound);
            webSockets.setHandler(context);
            server.setHandler(webSockets);
            server.start();
            return this;
        } catch (Exception | Error e) {
            try {
                close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** For each app: its connection manager, page, WebSocket, admin API and MCP endpoints. */
    private void installApps(
            ServletContextHandler context, WebSocketUpgradeHandler webSockets, ServerNames bound, McpEndpoints mcp) {
        SessionTokens tokens = sessionTokens();
        WebSocketOptions webSocketOptions = config.webSockets().toBuilder()
                .allowedOrigins(bound.allowedOrigins())
                .build();
        for (McpUiApp app : apps) {
            AppInfo info = app.info();
            ConnectionManager manager = managers.newManager(info);
            InstalledApp installedApp =
                    InstalledApp.install(app, manager, bound.baseUri(), config.appSettings(), config.clock(), metrics);
            installed.put(info.uiPath(), installedApp);
            metrics.bind(info.uiPath(), manager);

            ManagedWebSocketCreator creator = new ManagedWebSocketCreator(manager, webSocketOptions, tokens);
            webSockets.getServerWebSocketContainer().addMapping(info.webSocketPath(), creator);
            metrics.bind(info.uiPath(), creator);
            operatorApps.add(new OperatorView.App(info.uiPath(), manager, creator::stats));

            PageTemplate template = PageTemplate.of(app, json);
            PageServlet page = new PageServlet(installedApp, template, installedApp.pageConfig(), tokens);
            context.addServlet(new ServletHolder(info.uiPath() + "-page", page), info.pagePath());
            context.addServlet(
                    new ServletHolder(info.uiPath() + "-api", new AdminApiServlet(installedApp, responses, metrics)),
                    info.adminApiPath() + "/*");

            // CORS answers preflights before the auth filter; the auth filter goes before the MCP
            // servlets' own filters, so that its 401 is not rewritten as an MCP error.
            addFilter(context, CorsFilter.forOrigins(bound.allowedOrigins()), info.mcpPath() + "/*");
            requireAuthToken(context, info.mcpPath() + "/*");
            AppView view = installedApp.hasView() ? new AppView(installedApp, bound.baseUri(), tokens) : null;
            mcp.mount(
                    context,
                    new McpApp(
                            info,
                            installedApp.pageUrl(),
                            installedApp.tools(),
                            resourcesOf(installedApp, view, template),
                            installedApp.prompts(),
                            view));
        }
    }

    /** The app's own resources, and its in-chat view if it has one. */
    private static List<ResourceBinding> resourcesOf(InstalledApp app, @Nullable AppView view, PageTemplate template) {
        List<ResourceBinding> resources = new ArrayList<>(app.resources());
        if (view != null) {
            resources.add(view.resource(template));
        }
        return resources;
    }

    /** The index, health, metrics and static files, and a JSON 404 for everything else. */
    private void addServerEndpoints(ServletContextHandler context, ServerNames bound) {
        ServerIndex index = new ServerIndex(bound.baseUri(), installed.values(), config.redisUrl() != null);
        context.addServlet(new ServletHolder("index", new JsonServlet(index::index, responses)), "");
        context.addServlet(new ServletHolder("health", new JsonServlet(index::health, responses)), "/health");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
        // The operator's page; its data stream is guarded like the admin API.
        context.addServlet(new ServletHolder("admin", new AdminPageServlet()), "/admin");
        AdminEventsServlet events = new AdminEventsServlet(
                new OperatorView(bound.baseUri(), operatorApps, metrics.recentErrors(), config.clock()), json);
        adminEvents = events;
        ServletHolder eventsHolder = new ServletHolder("admin-events", events);
        eventsHolder.setAsyncSupported(true);
        context.addServlet(eventsHolder, "/admin/events");
        context.addServlet(StaticFiles.classpathServlet("static", "static"), "/static/*");
        // In-chat views load the editor (and may load static files) from their host's sandbox origin.
        addFilter(context, CorsFilter.forAnyOrigin(), "/static/*");
        addFilter(context, CorsFilter.forAnyOrigin(), "/vendor/*");
        if (config.vendorDir() != null) {
            context.addServlet(
                    StaticFiles.servlet("vendor", config.vendorDir().toUri().toString()), "/vendor/*");
        }
        context.addServlet(new ServletHolder("not-found", new NotFoundServlet(responses)), "/");
    }

    /** The port the server listens on (useful when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** How the server is reached: the configured public URL, or {@code http://<host>:<port>}. */
    public URI baseUri() {
        return (names != null ? names : new ServerNames(config, port())).baseUri();
    }

    /** The installed apps, by UI path. */
    public Set<String> appPaths() {
        return installed.keySet();
    }

    /** The installed apps, in order. */
    public List<AppInfo> apps() {
        return installed.values().stream().map(InstalledApp::info).toList();
    }

    /** The connection manager of the app with UI path {@code uiPath}. */
    public ConnectionManager manager(String uiPath) {
        InstalledApp app = installed.get(uiPath);
        if (app == null) {
            throw new IllegalArgumentException("No app at /" + uiPath + "; the apps are " + installed.keySet());
        }
        return app.manager();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Shuts down gracefully: stops accepting connections and new tool calls, gives running tool
     * calls up to half of {@link ServerConfig#shutdownTimeout()} to finish (their pages are still
     * connected), then closes every page with 1012 so that it reconnects (in a cluster its session
     * resumes on another node), fails requests still waiting with "server is shutting down", and
     * stops the MCP servers and Jetty.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        connector.close();
        if (mcp != null) {
            // The pages are still here: calls waiting for them can finish before they move on.
            int unfinished = mcp.drain(config.shutdownTimeout().dividedBy(2));
            if (unfinished > 0) {
                log.warn("Stopping with {} tool calls unfinished: they fail as the pages move", unfinished);
            }
        }
        if (adminEvents != null) {
            adminEvents.close();
        }
        // Pages are told to reconnect (1012); in a cluster they resume on another node.
        installed.values().forEach(app -> app.manager().close());
        if (mcp != null) {
            mcp.close();
        }
        server.setStopTimeout(config.shutdownTimeout().toMillis());
        server.stop();
        managers.close();
        metrics.close();
    }

    private @Nullable SessionTokens sessionTokens() {
        if (config.openSessions()) {
            return null;
        }
        return config.sessionSecret() != null
                ? SessionTokens.withSecret(config.sessionSecret(), config.tokenLifetime())
                : SessionTokens.withRandomSecret(config.tokenLifetime());
    }

    /**
     * The admin API and the operator's data stream answer only to the server's own names and
     * origins, and to the auth token.
     */
    private void protectAdminApi(ServletContextHandler context, ServerNames bound) {
        for (String path : List.of("/api/*", "/admin/events")) {
            addFilter(context, new HostOriginFilter(bound.allowedHosts(), bound.allowedOrigins(), responses), path);
            requireAuthToken(context, path);
        }
    }

    private void requireAuthToken(ServletContextHandler context, String pathSpec) {
        if (config.authToken() != null) {
            addFilter(context, new BearerTokenFilter(config.authToken(), responses), pathSpec);
        }
    }

    private static void addFilter(ServletContextHandler context, Filter filter, String pathSpec) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, pathSpec, EnumSet.of(DispatcherType.REQUEST));
    }
}
