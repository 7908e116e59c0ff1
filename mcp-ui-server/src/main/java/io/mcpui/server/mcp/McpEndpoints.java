package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.metrics.ServerMetrics;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP endpoints of every app: for each, an MCP server on the legacy HTTP+SSE transport at
 * {@code /<mcpName>/sse} (messages posted to {@code /<mcpName>/message}) and one on Streamable
 * HTTP at {@code /<mcpName>/mcp}, both with the app's tools, Origin/Host validation and
 * keep-alive. The MCP SDK's types stay inside this package.
 */
public final class McpEndpoints implements AutoCloseable {

    /** The version the MCP servers report. */
    public static final String SERVER_VERSION = "0.1.0";

    /** How long closing waits for each transport's sessions. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(McpEndpoints.class);

    private final JsonMapper jsonMapper;
    private final McpJsonMapper json;
    private final ServerMetrics metrics;
    private final ServerHttpHeaderValidator validator;
    private final Duration keepAlive;
    private final int maxConcurrentToolCalls;
    private final Semaphore toolCallSlots;
    private final List<McpAsyncServer> servers = new ArrayList<>();

    /**
     * @param allowedOrigins browser origins that may call MCP; others get 403
     * @param allowedHosts {@code Host} values MCP answers to; others get 421
     * @param keepAlive how often MCP streams get a keep-alive ping
     * @param maxConcurrentToolCalls tool calls that may run at once across every app
     */
    public McpEndpoints(
            JsonMapper jsonMapper,
            ServerMetrics metrics,
            Set<String> allowedOrigins,
            Set<String> allowedHosts,
            Duration keepAlive,
            int maxConcurrentToolCalls) {
        this.jsonMapper = jsonMapper;
        this.json = new JacksonMcpJsonMapper(jsonMapper);
        this.metrics = metrics;
        this.validator = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(List.copyOf(allowedOrigins))
                .allowedHosts(List.copyOf(allowedHosts))
                .build();
        this.keepAlive = keepAlive;
        this.maxConcurrentToolCalls = maxConcurrentToolCalls;
        this.toolCallSlots = new Semaphore(maxConcurrentToolCalls);
    }

    /** Builds the app's two MCP servers and maps their servlets (and the error-body filter). */
    public void mount(ServletContextHandler context, AppInfo app, URI pageUrl, List<ToolBinding> tools) {
        ToolBridge bridge = new ToolBridge(app, pageUrl, toolCallSlots, maxConcurrentToolCalls, metrics, jsonMapper);
        List<AsyncToolSpecification> specifications = tools.stream()
                .map(tool -> bridge.specification(tool.spec(), tool.handler()))
                .toList();

        // The message endpoint is also the URL the SSE transport tells clients to post to.
        HttpServletSseServerTransportProvider sse = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(json)
                .sseEndpoint(app.ssePath())
                .messageEndpoint(app.sseMessagePath())
                .keepAliveInterval(keepAlive)
                .httpHeaderValidator(validator)
                .build();
        HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint("/mcp")
                .keepAliveInterval(keepAlive)
                .httpHeaderValidator(validator)
                .build();
        servers.add(configure(McpServer.async(sse), app, specifications));
        servers.add(configure(McpServer.async(streamable), app, specifications));

        ServletHolder sseHolder = new ServletHolder(app.mcpName() + "-sse", sse);
        sseHolder.setAsyncSupported(true);
        context.addServlet(sseHolder, app.ssePath());
        context.addServlet(sseHolder, app.sseMessagePath());
        ServletHolder streamableHolder = new ServletHolder(app.mcpName() + "-streamable", streamable);
        streamableHolder.setAsyncSupported(true);
        context.addServlet(streamableHolder, app.streamableHttpPath());

        FilterHolder errors = new FilterHolder(new ErrorBodyFilter(jsonMapper));
        errors.setAsyncSupported(true);
        context.addFilter(errors, app.mcpPath() + "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    private McpAsyncServer configure(
            McpServer.AsyncSpecification<?> spec, AppInfo app, List<AsyncToolSpecification> tools) {
        return spec.serverInfo(new McpSchema.Implementation(app.mcpName(), app.title(), SERVER_VERSION))
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                // The tools check their own arguments, with messages that say what to do.
                .validateToolInputs(false)
                .tools(tools)
                .build();
    }

    /**
     * Closes every MCP server's sessions, waiting at most {@link #CLOSE_WAIT} for each, so that a
     * stuck client cannot use up the server's shutdown timeout; Jetty's stop ends the rest.
     */
    @Override
    public void close() {
        for (McpAsyncServer server : servers) {
            try {
                server.closeGracefully().block(CLOSE_WAIT);
            } catch (RuntimeException e) {
                log.warn("MCP sessions did not close within {}; stopping anyway: {}", CLOSE_WAIT, e.toString());
            }
        }
    }
}
