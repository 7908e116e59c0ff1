package io.mcpui.server.metrics;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerStats;
import io.mcpui.connection.jetty.ManagedWebSocketCreator;
import io.mcpui.connection.websocket.WebSocketStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters, exposed in Prometheus text format by {@link #scrape()}. Each app's
 * connection manager is read through its {@link ConnectionManager#stats()}; page requests and tool
 * calls are counted as they happen. Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {

    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    // Built once; each call only picks the meter of its tags.
    private final Meter.MeterProvider<Timer> pageRequests = Timer.builder("mcpui.page.requests")
            .description("Round trips to a page: from request to reply, timeout or failure")
            .publishPercentiles(0.5, 0.99)
            .withRegistry(registry);
    private final Meter.MeterProvider<Counter> toolCalls =
            Counter.builder("mcpui.tool.calls").description("MCP tool calls").withRegistry(registry);
    private final RecentErrors recentErrors = new RecentErrors(Clock.systemUTC());

    /** A registry with the JVM meters (memory, threads, GC, CPU) bound. */
    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    /** Records an error the server answered for {@code app} (its UI path), for the operator's page. */
    public void recordError(String app, String text) {
        recentErrors.add(app, text);
    }

    /** The errors recorded last, for the operator's page. */
    public RecentErrors recentErrors() {
        return recentErrors;
    }

    /** Exposes an app's connection manager: connections, sessions, messages, requests. */
    public void bind(String app, ConnectionManager manager) {
        gauge(
                "mcpui.connections",
                "Open page connections on this node",
                app,
                manager,
                ConnectionManagerStats::connections);
        gauge(
                "mcpui.sessions",
                "Sessions with a connection on this node",
                app,
                manager,
                ConnectionManagerStats::sessions);
        gauge(
                "mcpui.requests.pending",
                "Requests waiting for a page's reply",
                app,
                manager,
                ConnectionManagerStats::pendingRequests);
        counter(
                "mcpui.messages.sent",
                "Messages queued to a page connection",
                app,
                manager,
                ConnectionManagerStats::messagesQueued);
        counter(
                "mcpui.messages.dropped",
                "Messages not queued: a full queue or a closing connection",
                app,
                manager,
                ConnectionManagerStats::messagesDropped);
        counter(
                "mcpui.messages.failed",
                "Sends the transport reported as failed",
                app,
                manager,
                ConnectionManagerStats::sendFailures);
        counter(
                "mcpui.connections.slow.closed",
                "Connections closed because their queue overflowed",
                app,
                manager,
                ConnectionManagerStats::slowConnectionsClosed);
        counter(
                "mcpui.messages.malformed",
                "Inbound frames that were not a JSON object",
                app,
                manager,
                ConnectionManagerStats::malformedMessages);
        counter(
                "mcpui.replies.rejected",
                "Replies from a session that was not asked",
                app,
                manager,
                ConnectionManagerStats::rejectedReplies);
        counter(
                "mcpui.requests.timedout",
                "Page requests that got no reply in time",
                app,
                manager,
                ConnectionManagerStats::requestsTimedOut);
        counter(
                "mcpui.requests.cancelled",
                "Page requests cancelled because their tool call was (the page was told)",
                app,
                manager,
                ConnectionManagerStats::requestsCancelled);
    }

    /** Exposes an app's WebSocket admission and liveness counters. */
    public void bind(String app, ManagedWebSocketCreator creator) {
        webSocketCounter(
                "mcpui.websocket.evictions",
                "Pages dropped for not answering a ping in time",
                app,
                creator,
                WebSocketStats::evictions);
        webSocketCounter(
                "mcpui.websocket.refused.origin",
                "Handshakes refused for a foreign Origin",
                app,
                creator,
                WebSocketStats::refusedForOrigin);
        webSocketCounter(
                "mcpui.websocket.refused.token",
                "Handshakes refused for a missing, forged or expired token",
                app,
                creator,
                WebSocketStats::refusedForToken);
        webSocketCounter(
                "mcpui.websocket.refused.rate",
                "Handshakes refused because their address connected too often",
                app,
                creator,
                WebSocketStats::refusedForRate);
        webSocketCounter(
                "mcpui.websocket.binary.refused",
                "Connections closed for sending a binary frame",
                app,
                creator,
                WebSocketStats::binaryFramesRefused);
    }

    /** Records one page request (request/response over the WebSocket) and how it ended. */
    public void recordPageRequest(String app, Duration latency, String outcome) {
        pageRequests.withTags("app", app, "outcome", outcome).record(latency);
    }

    /** Counts one tool call and how it ended ({@code ok}, {@code error}, {@code busy} or {@code cancelled}). */
    public void recordToolCall(String app, String tool, String outcome) {
        toolCalls.withTags("app", app, "tool", tool, "outcome", outcome).increment();
    }

    /** Every meter in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    private void gauge(
            String name,
            String description,
            String app,
            ConnectionManager manager,
            ToDoubleFunction<ConnectionManagerStats> value) {
        Gauge.builder(name, manager, m -> value.applyAsDouble(m.stats()))
                .description(description)
                .tag("app", app)
                .register(registry);
    }

    private void webSocketCounter(
            String name,
            String description,
            String app,
            ManagedWebSocketCreator creator,
            ToDoubleFunction<WebSocketStats> value) {
        FunctionCounter.builder(name, creator, c -> value.applyAsDouble(c.stats()))
                .description(description)
                .tag("app", app)
                .register(registry);
    }

    private void counter(
            String name,
            String description,
            String app,
            ConnectionManager manager,
            ToDoubleFunction<ConnectionManagerStats> value) {
        FunctionCounter.builder(name, manager, m -> value.applyAsDouble(m.stats()))
                .description(description)
                .tag("app", app)
                .register(registry);
    }
}
