package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import org.jspecify.annotations.Nullable;

/** A registered connection with its session and its outbound queue. */
final class Peer {

    final Connection connection;
    final @Nullable String sessionId;
    final OutboundQueue queue;

    Peer(Connection connection, @Nullable String sessionId, OutboundQueue queue) {
        this.connection = connection;
        this.sessionId = sessionId;
        this.queue = queue;
    }
}
