package io.mcpui.server.mcp;

import io.mcpui.server.app.AppInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One app's MCP endpoints: an MCP server on the legacy HTTP+SSE transport at {@code
 * /<mcpName>/sse} (messages posted to {@code /<mcpName>/message}) and one on Streamable HTTP at
 * {@code /<mcpName>/mcp}, both with the same tools, Origin/Host validation and keep-alive.
 */
public final class McpEndpoints implements AutoCloseable {

    /** The version the MCP servers report. */
    public static final String SERVER_VERSION = "0.1.0";

    /** How long closing waits for each transport's sessions. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(McpEndpoints.class);

    private final McpAsyncServer sseServer;
    private final McpAsyncServer streamableServer;

    private McpEndpoints(McpAsyncServer sseServer, McpAsyncServer streamableServer) {
        this.sseServer = sseServer;
        this.streamableServer = streamableServer;
    }

    /** Builds both servers and maps their servlets (and the error-body filter) on {@code context}. */
    public static McpEndpoints mount(
            ServletContextHandler context,
            AppInfo app,
            List<AsyncToolSpecification> tools,
            JsonMapper jsonMapper,
            ServerHttpHeaderValidator validator,
            Duration keepAlive) {
        McpJsonMapper json = new JacksonMcpJsonMapper(jsonMapper);

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

        McpAsyncServer sseServer = configure(McpServer.async(sse), app, tools, json);
        McpAsyncServer streamableServer = configure(McpServer.async(streamable), app, tools, json);

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
        return new McpEndpoints(sseServer, streamableServer);
    }

    private static McpAsyncServer configure(
            McpServer.AsyncSpecification<?> spec, AppInfo app, List<AsyncToolSpecification> tools, McpJsonMapper json) {
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
     * Closes both transports' sessions, waiting at most {@link #CLOSE_WAIT} for each, so that a
     * stuck client cannot use up the server's shutdown timeout; Jetty's stop ends the rest.
     */
    @Override
    public void close() {
        closeGracefully(sseServer.closeGracefully(), "SSE");
        closeGracefully(streamableServer.closeGracefully(), "Streamable HTTP");
    }

    private static void closeGracefully(Mono<Void> closing, String transport) {
        try {
            closing.block(CLOSE_WAIT);
        } catch (RuntimeException e) {
            log.warn(
                    "The {} MCP sessions did not close within {}; stopping anyway: {}",
                    transport,
                    CLOSE_WAIT,
                    e.toString());
        }
    }
}
