package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.SessionHistory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node {@link Backplane}: there are no other nodes, so nothing leaves this one. It
 * keeps the session values; the manager numbers and keeps messages itself.
 */
public final class InProcessBackplane implements Backplane {

    private final String nodeId = "n" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> values = new ConcurrentHashMap<>();

    @Override
    public void start(BackplaneReceiver receiver) {}

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public SessionHistory takeUp(String sessionId, int connections) {
        return SessionHistory.EMPTY;
    }

    @Override
    public void sessionChanged(String sessionId, int connections) {}

    @Override
    public void letGo(String sessionId, boolean end) {
        values.remove(sessionId);
    }

    @Override
    public Reach sendToSession(String sessionId, String payload) {
        throw notClustered();
    }

    @Override
    public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
        throw notClustered();
    }

    @Override
    public SessionHistory historyAfter(String sessionId, long seq) {
        throw notClustered();
    }

    @Override
    public int broadcast(String payload) {
        return 0;
    }

    // With no other nodes, no request comes from one, so there is never a reply to forward.
    @Override
    public void forwardReply(String originNode, String sessionId, String requestId, String replyText) {}

    @Override
    public void refuseRequest(String originNode, String requestId, String sessionId, String reason) {}

    @Override
    public boolean reserveSessionId(String sessionId, Duration ttl) {
        return true;
    }

    @Override
    public Map<String, Integer> remoteSessions() {
        return Map.of();
    }

    @Override
    public int remoteConnectionCount() {
        return 0;
    }

    /** The manager checks that the session exists here before it calls this. */
    @Override
    public void putSessionValue(String sessionId, String key, String value) {
        values.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>()).put(key, value);
    }

    @Override
    public Optional<String> sessionValue(String sessionId, String key) {
        Map<String, String> kept = values.get(sessionId);
        return Optional.ofNullable(kept == null ? null : kept.get(key));
    }

    @Override
    public Optional<String> removeSessionValue(String sessionId, String key) {
        Map<String, String> kept = values.get(sessionId);
        return Optional.ofNullable(kept == null ? null : kept.remove(key));
    }

    @Override
    public void close() {
        values.clear();
    }

    private static UnsupportedOperationException notClustered() {
        return new UnsupportedOperationException("A node alone numbers its own sessions' messages");
    }
}
