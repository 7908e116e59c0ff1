package io.mcpui.server.example;

import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.app.ToolSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

// README-BEGIN
/** Sticky notes: the assistant pins notes to a page and reads them back. */
public final class NotesApp implements McpUiApp {

    @Override
    public AppInfo info() {
        // Page at /notes, WebSocket at /notes/ws, MCP at /mcp-notes/sse and /mcp-notes/mcp.
        return new AppInfo("notes", "mcp-notes", "Notes: pin notes to a page", "pages/notes.html");
    }

    @Override
    public void install(AppContext app) {
        app.addTool(
                ToolSpec.builder("pin_note")
                        .description("Pins a note to the notes page with the given session id.")
                        .sessionIdParameter()
                        .requiredString("text", "What the note says")
                        .showsView() // in a chat that renders MCP Apps, the page shows in the chat
                        .build(),
                call -> {
                    int tabs = app.manager()
                            .sendToSession(
                                    call.sessionId(), Map.of("type", "pin-note", "text", call.requireString("text")));
                    return CompletableFuture.completedFuture(ToolResult.text("Pinned in " + tabs + " tab(s)."));
                });
        app.addTool(
                ToolSpec.builder("read_notes")
                        .description("Reads the notes the page with the given session id shows.")
                        .sessionIdParameter()
                        .build(),
                call -> app.request(call, Map.of("type", "get-notes"), Duration.ofSeconds(5))
                        .thenApply(reply -> ToolResult.data(Map.of("notes", reply.get("notes")))));
        app.manager()
                .onMessage(
                        "note-removed",
                        message -> System.out.println(
                                "Session " + message.sessionId() + " removed " + message.string("text")));
    }
}
// README-END
