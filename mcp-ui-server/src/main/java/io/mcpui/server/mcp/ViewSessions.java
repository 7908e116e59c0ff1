package io.mcpui.server.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens sessions for an app's in-chat views (MCP Apps): a session that waits for its view to
 * connect, with the token that lets the view in from the chat host's sandbox origin.
 */
@FunctionalInterface
public interface ViewSessions {

    /** The {@code structuredContent} key under which a tool result carries its view's session. */
    String RESULT_KEY = "view";

    /**
     * A new session for a view.
     *
     * @throws io.mcpui.connection.ConnectionManagerException if no session can be opened now
     */
    OpenedView open();

    /**
     * What a view needs to connect: its session, its token, and its WebSocket's absolute URL.
     *
     * @param token {@code null} when the server accepts sessions without tokens
     */
    record OpenedView(
            String sessionId,
            @org.jspecify.annotations.Nullable String token,
            String webSocketUrl) {

        /** As it travels in a tool result's {@code structuredContent}. */
        Map<String, Object> toResult() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("session_id", sessionId);
            if (token != null) {
                view.put("token", token);
            }
            view.put("ws_url", webSocketUrl);
            return view;
        }
    }
}
