package io.mcpui.server;

import io.lettuce.core.RedisClient;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerBuilder;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.jetty.ManagedWebSocketCreator;
import io.mcpui.connection.jetty.WebSocketOptions;
import io.mcpui.connection.redis.RedisBackplane;
import io.mcpui.connection.redis.RedisBackplaneOptions;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.apps.button.ButtonStateApp;
import io.mcpui.server.apps.strudel.StrudelApp;
import io.mcpui.server.http.AdminApiServlet;
import io.mcpui.server.http.BearerTokenFilter;
import io.mcpui.server.http.HostOriginFilter;
import io.mcpui.server.http.JsonResponses;
import io.mcpui.server.http.JsonServlet;
import io.mcpui.server.http.MetricsServlet;
import io.mcpui.server.http.NotFoundServlet;
import io.mcpui.server.http.PageServlet;
import io.mcpui.server.mcp.McpEndpoints;
import io.mcpui.server.mcp.ToolBridge;
import io.mcpui.server.metrics.ServerMetrics;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ResourceServlet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One embedded Jetty server hosting every app on one port: for each app its page, WebSocket, MCP
 * endpoints (both transports) and admin API; plus {@code GET /} (index), {@code /health}, {@code
 * /metrics} and {@code /static/}. Build it, {@link #start()} it, {@link #close()} it. Starting and
 * closing are not thread-safe; the rest is.
 */
public final class UnifiedServer implements AutoCloseable {

    private final ServerConfig config;
    private final List<McpUiApp> apps;
    private final Server server;
    private final ServerConnector connector;
    private final JsonMapper json = JsonMapper.builder().build();
    private final JsonResponses responses = new JsonResponses(json);
    private final ServerMetrics metrics = new ServerMetrics();
    private final Map<String, InstalledApp> installed = new LinkedHashMap<>();
    private final List<McpEndpoints> mcpEndpoints = new ArrayList<>();
    private @Nullable RedisClient redisClient;
    private boolean closed;

    /**
     * A server with the built-in apps (button state, Strudel) and every app on the classpath
     * registered as a {@link java.util.ServiceLoader} provider of {@link McpUiApp}.
     */
    public UnifiedServer(ServerConfig config) {
        this(config, builtInAndDiscoveredApps(config));
    }

    /** A server with the given apps. */
    public UnifiedServer(ServerConfig config, List<McpUiApp> apps) {
        this.config = Objects.requireNonNull(config, "config");
        this.apps = List.copyOf(apps);
        // The SDK's servlet transports block a request thread for each tool call until it
        // completes (a call waiting for a page included): size the pool for the cap, plus spare.
        QueuedThreadPool threads = new QueuedThreadPool(config.maxConcurrentToolCalls() * 2 + 64, 8);
        threads.setName("mcp-ui");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
    }

    /**
     * Binds the port, builds every app's endpoints and starts serving. If anything fails, what was
     * started is closed again before the exception is thrown.
     *
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException if two apps share a UI path or MCP name
     * @throws io.mcpui.connection.ClusterUnavailableException if Redis is configured but unreachable
     */
    public UnifiedServer start() throws Exception {
        try {
            connector.open(); // bind first: the Origin and Host checks need the real port
            ServletContextHandler context = new ServletContextHandler("/");
            WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {});
            protectAdminApi(context);
            installApps(context, webSockets);
            addServerEndpoints(context);
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
    private void installApps(ServletContextHandler context, WebSocketUpgradeHandler webSockets) {
        Semaphore toolCallSlots = new Semaphore(config.maxConcurrentToolCalls());
        DefaultServerTransportSecurityValidator validator = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(List.copyOf(allowedOrigins()))
                .allowedHosts(List.copyOf(allowedHosts()))
                .build();
        SessionTokens tokens = sessionTokens();
        WebSocketOptions webSocketOptions =
                config.webSockets().toBuilder().allowedOrigins(allowedOrigins()).build();

        for (McpUiApp app : apps) {
            AppInfo info = app.info();
            requireUnique(info);
            ConnectionManager manager = newManager(info);
            InstalledApp installedApp = InstalledApp.install(app, manager, baseUri(), metrics);
            installed.put(info.uiPath(), installedApp);
            metrics.bind(info.uiPath(), manager);

            ManagedWebSocketCreator creator = new ManagedWebSocketCreator(manager, webSocketOptions, tokens);
            webSockets.getServerWebSocketContainer().addMapping(info.webSocketPath(), creator);
            metrics.bind(info.uiPath(), creator);

            PageServlet page = new PageServlet(installedApp, readPage(app), installedApp.pageConfig(), json, tokens);
            context.addServlet(new ServletHolder(info.uiPath() + "-page", page), info.pagePath());
            context.addServlet(
                    new ServletHolder(info.uiPath() + "-api", new AdminApiServlet(installedApp, responses)),
                    info.adminApiPath() + "/*");

            ToolBridge bridge = new ToolBridge(
                    info, installedApp.pageUrl(), toolCallSlots, config.maxConcurrentToolCalls(), metrics, json);
            List<AsyncToolSpecification> tools = installedApp.tools().stream()
                    .map(tool -> bridge.specification(tool.spec(), tool.handler()))
                    .toList();
            // The auth filter goes first, so that its 401 is not rewritten as an MCP error.
            requireAuthToken(context, info.mcpPath() + "/*");
            mcpEndpoints.add(McpEndpoints.mount(context, info, tools, json, validator, config.mcpKeepAlive()));
        }
    }

    /** The index, health, metrics and static files, and a JSON 404 for everything else. */
    private void addServerEndpoints(ServletContextHandler context) {
        context.addServlet(new ServletHolder("index", new JsonServlet(this::index, responses)), "");
        context.addServlet(new ServletHolder("health", new JsonServlet(this::health, responses)), "/health");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
        context.addServlet(staticFiles("static", classpathDirectory("static")), "/static/*");
        if (config.vendorDir() != null) {
            context.addServlet(staticFiles("vendor", config.vendorDir().toUri().toString()), "/vendor/*");
        }
        context.addServlet(new ServletHolder("not-found", new NotFoundServlet(responses)), "/");
    }

    /** The port the server listens on (useful when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** How the server is reached: the configured public URL, or {@code http://<host>:<port>}. */
    public URI baseUri() {
        if (config.publicUrl() != null) {
            return config.publicUrl();
        }
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
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
     * Shuts down gracefully: stops accepting connections, closes every page with 1001 (going
     * away), fails waiting requests with "server is shutting down", stops the MCP servers and
     * then Jetty, giving open HTTP exchanges up to {@link ServerConfig#shutdownTimeout()}.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        connector.close();
        installed.values().forEach(app -> app.manager().close());
        mcpEndpoints.forEach(McpEndpoints::close);
        server.setStopTimeout(config.shutdownTimeout().toMillis());
        server.stop();
        if (redisClient != null) {
            redisClient.shutdown();
        }
        metrics.close();
    }

    private static List<McpUiApp> builtInAndDiscoveredApps(ServerConfig config) {
        List<McpUiApp> apps = new ArrayList<>(List.of(new ButtonStateApp(), new StrudelApp(config.strudelReplUrl())));
        ServiceLoader.load(McpUiApp.class).forEach(apps::add);
        return apps;
    }

    private Map<String, Object> index() {
        URI base = baseUri();
        String ws = base.toString().replaceFirst("^http", "ws");
        List<Map<String, Object>> appList = new ArrayList<>();
        for (InstalledApp app : installed.values()) {
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

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("cluster", config.redisUrl() == null ? "single-node" : "redis");
        Map<String, Object> apps = new LinkedHashMap<>();
        installed.forEach((path, app) -> apps.put(
                path,
                Map.of(
                        "connections",
                        app.manager().getConnectionCount(),
                        "sessions",
                        app.manager().getSessionIds().size())));
        health.put("apps", apps);
        return health;
    }

    /** An app's manager: alone, or in the cluster of every server on the same Redis (one namespace per app). */
    private ConnectionManager newManager(AppInfo info) {
        ConnectionManagerBuilder builder = ConnectionManager.builder().options(config.connections());
        if (config.redisUrl() != null) {
            if (redisClient == null) {
                redisClient =
                        RedisBackplane.newClient(config.redisUrl(), RedisBackplaneOptions.DEFAULT_COMMAND_TIMEOUT);
            }
            builder.backplane(RedisBackplane.create(
                    redisClient,
                    RedisBackplaneOptions.builder()
                            .namespace("mcpui:" + info.uiPath())
                            .history(config.connections())
                            .build()));
        }
        return builder.build();
    }

    private @Nullable SessionTokens sessionTokens() {
        if (config.openSessions()) {
            return null;
        }
        return config.sessionSecret() != null
                ? SessionTokens.withSecret(config.sessionSecret(), config.tokenLifetime())
                : SessionTokens.withRandomSecret(config.tokenLifetime());
    }

    /** The admin API answers only to the server's own names and origins, and to the auth token. */
    private void protectAdminApi(ServletContextHandler context) {
        Set<String> hosts = new LinkedHashSet<>();
        allowedHosts().forEach(host -> hosts.add(host.toLowerCase(Locale.ROOT)));
        FilterHolder hostOrigin = new FilterHolder(new HostOriginFilter(hosts, allowedOrigins(), responses));
        hostOrigin.setAsyncSupported(true);
        context.addFilter(hostOrigin, "/api/*", EnumSet.of(DispatcherType.REQUEST));
        requireAuthToken(context, "/api/*");
    }

    private void requireAuthToken(ServletContextHandler context, String pathSpec) {
        if (config.authToken() == null) {
            return;
        }
        FilterHolder auth = new FilterHolder(new BearerTokenFilter(config.authToken(), responses));
        auth.setAsyncSupported(true);
        context.addFilter(auth, pathSpec, EnumSet.of(DispatcherType.REQUEST));
    }

    private Set<String> allowedOrigins() {
        Set<String> origins = new LinkedHashSet<>(config.allowedOrigins());
        origins.add(origin(baseUri()));
        origins.add("http://127.0.0.1:" + port());
        origins.add("http://localhost:" + port());
        return origins;
    }

    private Set<String> allowedHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        URI base = baseUri();
        hosts.add(base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort());
        hosts.add("127.0.0.1:" + port());
        hosts.add("localhost:" + port());
        return hosts;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private void requireUnique(AppInfo info) {
        for (InstalledApp other : installed.values()) {
            if (other.info().uiPath().equals(info.uiPath())
                    || other.info().mcpName().equals(info.mcpName())) {
                throw new IllegalArgumentException("Apps " + other.info() + " and " + info
                        + " share a UI path or an MCP name; each needs its own");
            }
        }
    }

    private static ServletHolder staticFiles(String name, String baseResource) {
        ServletHolder holder = new ServletHolder(name, ResourceServlet.class);
        holder.setInitParameter("baseResource", baseResource);
        holder.setInitParameter("pathInfoOnly", "true");
        holder.setInitParameter("dirAllowed", "false");
        return holder;
    }

    private static String classpathDirectory(String name) {
        var url = UnifiedServer.class.getClassLoader().getResource(name + "/");
        if (url == null) {
            throw new IllegalStateException("The classpath lacks the directory " + name + "/");
        }
        return url.toExternalForm();
    }

    /** The app's page, from the app's own class loader (a discovered app may have its own). */
    private static String readPage(McpUiApp app) {
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
}
