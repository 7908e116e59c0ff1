package io.mcpui.server.app;

import java.util.List;

/**
 * An app of the unified server: a page that people open, and MCP tools that reach it. Adding an
 * app means writing one class that implements this and one HTML page, and naming the class in
 * {@code META-INF/services/io.mcpui.server.app.McpUiApp}: the server finds apps with {@link
 * java.util.ServiceLoader}, the built-in ones too, and needs no change. Implementations need a
 * public no-argument constructor and must be thread-safe once installed: tools and handlers run
 * concurrently.
 */
public interface McpUiApp {

    /** Names, title and page of the app. */
    AppInfo info();

    /**
     * The settings the app reads with {@link AppContext#setting(String)}; the server offers each
     * as a flag and an environment variable. None by default.
     */
    default List<AppSetting> settings() {
        return List.of();
    }

    /**
     * Registers the app's tools and message handlers with {@code context}. Called once, before
     * the server starts; keep the context to use it from tools and handlers.
     */
    void install(AppContext context);
}
