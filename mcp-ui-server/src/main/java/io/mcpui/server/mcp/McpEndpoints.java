package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.metrics.ServerMetrics;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP endpoints of every app, on both protocol eras. For each app: {@code /<mcpName>/mcp}
 * answers 2026-07-28 requests statelessly ({@link ModernEra}) and 2025 ones ({@code initialize},
 * {@code Mcp-Session-Id}) with the SDK's Streamable HTTP server ({@link EraRouter}); {@code
 * /<mcpName>/sse} (messages to {@code /<mcpName>/message}) is the legacy HTTP+SSE transport. The
 * same tools run through one {@link ToolBridge} everywhere; Origin/Host validation and keep-alive
 * apply to all. The MCP SDK's types stay inside this package.
 */
public final class McpEndpoints implements AutoCloseable {

    /** The version the MCP servers report. */
    public static final String SERVER_VERSION = "0.2.0";

    /** How long closing waits for each 2025 server's sessions. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(McpEndpoints.class);

    private final JsonMapper jsonMapper;
    private final McpJsonMapper json;
    private final ServerMetrics metrics;
    private final ServerHttpHeaderValidator validator;
    private final Duration keepAlive;
    private final Semaphore threadHoldingCalls;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final RunningCalls running = new RunningCalls();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mcp-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final List<McpAsyncServer> legacyServers = new ArrayList<>();
    private final List<io.modelcontextprotocol.modern.server.McpServer> modernServers = new ArrayList<>();

    /**
     * @param allowedOrigins browser origins that may call MCP; others get 403
     * @param allowedHosts {@code Host} values MCP answers to; others get 421
     * @param keepAlive how often 2025 MCP streams get a keep-alive ping
     * @param maxThreadHoldingCalls tool calls on the 2025 transports (which hold a server thread
     *     each) that may run at once across every app
     */
    public McpEndpoints(
            JsonMapper jsonMapper,
            ServerMetrics metrics,
            Set<String> allowedOrigins,
            Set<String> allowedHosts,
            Duration keepAlive,
            int maxThreadHoldingCalls) {
        this.jsonMapper = jsonMapper;
        this.json = new JacksonMcpJsonMapper(jsonMapper);
        this.metrics = metrics;
        this.validator = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(List.copyOf(allowedOrigins))
                .allowedHosts(List.copyOf(allowedHosts))
                .build();
        this.keepAlive = keepAlive;
        this.threadHoldingCalls = new Semaphore(maxThreadHoldingCalls);
    }

    /** Builds the app's MCP servers and maps their servlets and filters on {@code context}. */
    public void mount(ServletContextHandler context, McpApp served) {
        AppInfo app = served.info();
        ToolBridge bridge = new ToolBridge(app, served.pageUrl(), metrics, jsonMapper, ticker, served.views(), running);

        List<AsyncToolSpecification> legacyTools = LegacyEra.tools(served, bridge, threadHoldingCalls, inFlight);
        List<AsyncResourceSpecification> legacyResources = LegacyEra.resources(served);
        List<AsyncPromptSpecification> legacyPrompts = LegacyEra.prompts(served);
        // The message endpoint is also the URL the SSE transport tells clients to post to.
        HttpServletSseServerTransportProvider sse = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(json)
                .sseEndpoint(app.ssePath())
                .messageEndpoint(app.sseMessagePath())
                .keepAliveInterval(keepAlive)
                .httpHeaderValidator(validator)
                .contextExtractor(LegacyEra::context)
                .build();
        HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint("/mcp")
                .keepAliveInterval(keepAlive)
                .httpHeaderValidator(validator)
                .contextExtractor(LegacyEra::context)
                .build();
        legacyServers.add(LegacyEra.server(
                McpServer.async(sse), app, legacyTools, legacyResources, legacyPrompts, json, SERVER_VERSION));
        legacyServers.add(LegacyEra.server(
                McpServer.async(streamable), app, legacyTools, legacyResources, legacyPrompts, json, SERVER_VERSION));
        io.modelcontextprotocol.modern.server.McpServer modern = ModernEra.server(served, bridge, json, SERVER_VERSION);
        modernServers.add(modern);

        ServletHolder sseHolder = new ServletHolder(app.mcpName() + "-sse", sse);
        sseHolder.setAsyncSupported(true);
        context.addServlet(sseHolder, app.ssePath());
        context.addServlet(sseHolder, app.sseMessagePath());
        ServletHolder both = new ServletHolder(
                app.mcpName() + "-streamable", new EraRouter(new AsyncMcpServlet(modern, json, validator), streamable));
        both.setAsyncSupported(true);
        context.addServlet(both, app.streamableHttpPath());

        FilterHolder errors = new FilterHolder(new ErrorBodyFilter(jsonMapper));
        errors.setAsyncSupported(true);
        context.addFilter(errors, app.mcpPath() + "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder cancels = new FilterHolder(new LegacyCancelFilter(jsonMapper, inFlight));
        cancels.setAsyncSupported(true);
        context.addFilter(cancels, app.mcpPath() + "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /**
     * Takes no new tool calls, and waits up to {@code timeout} for the running ones to finish.
     *
     * @return how many still run when it gives up
     */
    public int drain(Duration timeout) throws InterruptedException {
        return running.drain(timeout);
    }

    /**
     * Closes every MCP server, waiting at most {@link #CLOSE_WAIT} for each 2025 server's
     * sessions, so that a stuck client cannot use up the server's shutdown timeout; Jetty's stop
     * ends the rest.
     */
    @Override
    public void close() {
        for (McpAsyncServer server : legacyServers) {
            try {
                server.closeGracefully().block(CLOSE_WAIT);
            } catch (RuntimeException e) {
                log.warn("MCP sessions did not close within {}; stopping anyway: {}", CLOSE_WAIT, e.toString());
            }
        }
        modernServers.forEach(io.modelcontextprotocol.modern.server.McpServer::closeGracefully);
        ticker.shutdownNow();
    }
}
