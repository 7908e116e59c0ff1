package io.mcpui.bench.server;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerBuilder;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.jetty.ManagedWebSocketCreator;
import io.mcpui.connection.redis.RedisBackplane;
import io.mcpui.connection.redis.RedisBackplaneOptions;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.time.Duration;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.jspecify.annotations.Nullable;

/** The connection manager with its Jetty adapter: what this project ships. */
final class OursVariant implements Variant {

    private final ConnectionManager manager;
    private final ManagedWebSocketCreator creator;

    /** @param resumeWindow how long sessions keep messages for pages that reconnect ({@code 0}: off) */
    OursVariant(@Nullable String redisUrl, Duration resumeWindow) {
        ConnectionManagerBuilder builder = ConnectionManager.builder()
                .options(ConnectionManagerOptions.builder()
                        .resumeWindow(resumeWindow)
                        .build());
        if (redisUrl != null) {
            builder.backplane(RedisBackplane.create(
                    redisUrl, RedisBackplaneOptions.builder().namespace("bench").build()));
        }
        manager = builder.build();
        manager.onMessage("relay", message -> {
            Control.Command command = Control.parse(message.fields());
            try {
                manager.sendToSession(command.to(), command.outgoing());
            } catch (SessionNotFoundException e) {
                // the load generator counts it as lost
            }
        });
        manager.onMessage(
                "broadcast",
                message -> manager.broadcast(Control.parse(message.fields()).outgoing()));
        creator = new ManagedWebSocketCreator(
                manager, WebSocketOptions.builder().connectionRate(0, 0).build());
    }

    @Override
    public WebSocketCreator creator() {
        return creator;
    }

    @Override
    public int connections() {
        return manager.stats().connections();
    }

    @Override
    public void close() {
        manager.close();
    }
}
