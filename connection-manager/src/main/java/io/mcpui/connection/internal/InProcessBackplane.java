package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import java.time.Duration;
import java.util.Map;

/** The single-node {@link Backplane}: there are no other nodes, so nothing leaves this one. */
public final class InProcessBackplane implements Backplane {

    @Override
    public void start(BackplaneReceiver receiver) {}

    @Override
    public void sessionChanged(String sessionId, int localConnections) {}

    @Override
    public boolean reserveSessionId(String sessionId, Duration ttl) {
        return true;
    }

    @Override
    public boolean holdsRemotely(String sessionId) {
        return false;
    }

    @Override
    public Map<String, Integer> remoteSessions() {
        return Map.of();
    }

    @Override
    public int remoteConnectionCount() {
        return 0;
    }

    @Override
    public Reach sendToSession(String sessionId, String payload) {
        return Reach.NOT_HELD;
    }

    @Override
    public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
        return Reach.NOT_HELD;
    }

    @Override
    public int broadcast(String payload) {
        return 0;
    }

    // With no other nodes, no request can come from one, so there is never a reply to forward.
    @Override
    public void forwardReply(String originNode, String requestId, String replyText) {}

    @Override
    public void forwardFailure(String originNode, String requestId, String sessionId, String reason) {}

    @Override
    public void close() {}
}
