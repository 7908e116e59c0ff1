package io.mcpui.server.builtin.button;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolException;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.app.ToolSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The button-state app: a page with a few toggle buttons; the assistant reads what the page shows
 * (title, URL, visible text, links, button states) with {@code get_page_data}.
 */
public final class ButtonStateApp implements McpUiApp {

    /** How long {@code get_page_data} waits for the page: 10 seconds. */
    public static final Duration PAGE_DATA_TIMEOUT = Duration.ofSeconds(10);

    private static final AppInfo INFO =
            new AppInfo("button", "mcp-button-state", "Button state: read what a page shows", "pages/button.html");

    /** Server to page: send your page data. */
    record GetPageData(String type, String timestamp) {}

    @SuppressWarnings("NullAway.Init") // set by install(), before any tool or handler runs
    private volatile AppContext context;

    @Override
    public AppInfo info() {
        return INFO;
    }

    @Override
    public void install(AppContext context) {
        this.context = context;
        context.addTool(
                ToolSpec.builder("get_page_data")
                        .description("Reads what the button page with the given session id shows right now: its title, "
                                + "URL, visible text, links and the state of each button. The person opens "
                                + context.pageUrl() + " and tells you the session id it displays.")
                        .sessionIdParameter()
                        .build(),
                this::getPageData);
        context.addTool(
                ToolSpec.builder("get_connection_status")
                        .description("Lists the button pages connected now: their session ids and how many tabs each "
                                + "has open.")
                        .build(),
                call -> CompletableFuture.completedFuture(connectionStatus()));
        context.addTool(
                ToolSpec.builder("show_buttons")
                        .description("Shows the button page in the chat (in chats that render MCP Apps) and answers "
                                + "with its session id, for get_page_data.")
                        .showsView()
                        .build(),
                this::showButtons);
    }

    /** The server opened a session for the view (the call's session_id) when the chat renders views. */
    private CompletionStage<ToolResult> showButtons(ToolCall call) {
        String sessionId = call.optionalString(ToolSpec.SESSION_ID);
        if (sessionId == null) {
            return CompletableFuture.completedFuture(ToolResult.text("This chat does not show pages itself: ask the "
                    + "person to open " + context.pageUrl() + " and to tell you the session id it shows."));
        }
        return CompletableFuture.completedFuture(ToolResult.data(Map.of("session_id", sessionId)));
    }

    private CompletionStage<ToolResult> getPageData(ToolCall call) {
        String sessionId = call.sessionId();
        GetPageData ask =
                new GetPageData("get-page-data", context.clock().instant().toString());
        return context.request(call, ask, PAGE_DATA_TIMEOUT).thenApply(reply -> {
            Object state = reply.get("state");
            if (state == null) {
                throw new ToolException("The page of session " + sessionId + " answered without its page data; "
                        + "reload " + context.pageUrl() + " and try again.");
            }
            return ToolResult.data(state);
        });
    }

    private ToolResult connectionStatus() {
        ConnectionManager manager = context.manager();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("connected", manager.hasConnections());
        status.put("connections", manager.getConnectionCount());
        status.put("sessions", manager.getSessions());
        status.put("page", context.pageUrl().toString());
        return ToolResult.data(status);
    }
}
