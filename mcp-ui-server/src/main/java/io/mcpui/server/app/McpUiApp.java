package io.mcpui.server.app;

/**
 * An app of the unified server: a page that people open, and MCP tools that reach it. Adding an
 * app means writing one class that implements this and one HTML page; the server needs no
 * change. Implementations must be thread-safe once installed: tools and handlers run
 * concurrently.
 */
public interface McpUiApp {

    /** Names, title and page of the app. */
    AppInfo info();

    /**
     * Registers the app's tools and message handlers with {@code context}. Called once, before
     * the server starts; keep the context to use it from tools and handlers.
     */
    void install(AppContext context);
}
