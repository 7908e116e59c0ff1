package io.mcpui.connection.jetty.example;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.jetty.ManagedWebSocketCreator;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The README's "Using the library" example. The README quotes the lines between the markers;
 * {@code UsageExampleTest} fails when the two drift apart, and the build compiles this file.
 */
public final class UsageExample {

    private UsageExample() {}

    public static void main(String[] args) throws Exception {
        // README-BEGIN
        // One manager per app; it answers {"type":"ping"} itself and routes the rest by type.
        ConnectionManager manager = ConnectionManager.builder().build();
        manager.onMessage(
                "evaluation-error",
                message -> System.out.println("Session " + message.sessionId() + ": " + message.string("error")));

        // Pages connect to ws://localhost:8002/ws?session_id=abc7
        Server server = new Server(8002);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(
                server,
                context,
                container -> container.addMapping(
                        "/ws", new ManagedWebSocketCreator(manager, WebSocketOptions.defaults()))));
        server.setHandler(context);
        server.start();

        // Push to every tab of a session, or ask the page and wait for its reply.
        int tabs = manager.sendToSession("abc7", Map.of("type", "strudel-stop"));
        InboundMessage reply = manager.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(10))
                .get(11, TimeUnit.SECONDS);
        System.out.println(tabs + " tab(s); the page says " + reply.get("state"));
        // README-END
        server.stop();
        manager.close();
    }
}
