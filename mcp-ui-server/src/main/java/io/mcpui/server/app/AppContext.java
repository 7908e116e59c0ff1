package io.mcpui.server.app;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the server gives an app: its own {@link ConnectionManager}, its public page URL, and the
 * places to register tools and page settings. Registration methods may be called only during
 * {@link McpUiApp#install}; the rest are thread-safe and may be called at any time.
 */
public interface AppContext {

    /** The app's names and page. */
    AppInfo info();

    /** The app's own connection manager: its pages' WebSocket connections. */
    ConnectionManager manager();

    /** The page's public URL, e.g. {@code http://127.0.0.1:8002/strudel}, for messages to users. */
    URI pageUrl();

    /**
     * The value of one of the app's declared {@link McpUiApp#settings()}: from its flag, else its
     * environment variable, else its default.
     *
     * @throws IllegalArgumentException if the app did not declare a setting of that name
     */
    String setting(String name);

    /** The server's clock: read the time from it, so that tests can set it. */
    Clock clock();

    /**
     * Registers an MCP tool, served on both MCP transports.
     *
     * @throws IllegalStateException after installation, or if a tool of that name exists
     */
    void addTool(ToolSpec spec, ToolHandler handler);

    /**
     * Registers an MCP resource with fixed text (a reference, say), served on both MCP transports.
     *
     * @param uri e.g. {@code strudel://quick-reference}
     * @param mimeType e.g. {@code text/markdown}
     * @throws IllegalStateException after installation, or if a resource of that URI exists
     */
    void addResource(String uri, String name, String description, String mimeType, String text);

    /**
     * Registers an MCP prompt, served on both MCP transports.
     *
     * @throws IllegalStateException after installation, or if a prompt of that name exists
     */
    void addPrompt(PromptSpec spec, PromptHandler handler);

    /**
     * Adds a value to the configuration object the page reads at start (as JSON, from the
     * element {@code <script id="mcp-ui-config">}).
     *
     * @throws IllegalStateException after installation
     */
    void pageConfig(String key, Object value);

    /**
     * Lets the app's in-chat view load scripts, styles, images, fonts or media from these origins
     * (e.g. {@code https://unpkg.com}), besides what it has inline: the view resource declares
     * them to the chat host ({@code _meta.ui.csp.resourceDomains}), which allows nothing else.
     *
     * @throws IllegalStateException after installation
     */
    void viewLoadsFrom(String... origins);

    /**
     * Lets the app's in-chat view connect (fetch, WebSocket) to these origins besides the server,
     * which it may always reach ({@code _meta.ui.csp.connectDomains}).
     *
     * @throws IllegalStateException after installation
     */
    void viewConnectsTo(String... origins);

    /**
     * {@link ConnectionManager#request} with the server's request metrics: asks a page and
     * returns a future of its reply.
     */
    CompletableFuture<InboundMessage> request(String sessionId, Object message, Duration timeout);

    /**
     * Asks the page of the call's session ({@link ToolCall#sessionId()}) on behalf of a tool
     * call: as {@link #request(String, Object, Duration)}, and the client hears that the request
     * reached the page; if the client gives up on the call, the request is cancelled: the
     * server forgets it at once and the page receives {@code {"type":"cancel","request_id":…}}.
     *
     * @throws ToolException if the call has no {@code session_id}
     */
    CompletableFuture<InboundMessage> request(ToolCall call, Object message, Duration timeout);
}
