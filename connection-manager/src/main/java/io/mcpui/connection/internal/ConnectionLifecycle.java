package io.mcpui.connection.internal;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionLimitException;
import io.mcpui.connection.ConnectionListener;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.InvalidSessionIdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections joining and leaving: checks and limits on the way in, the listeners told of each,
 * and what a close code means for the session on the way out.
 */
final class ConnectionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycle.class);

    /** Why requests fail when the manager shuts down. */
    static final String SHUTDOWN_REASON = "server is shutting down";

    /** Why connections close when the manager shuts down: the page reconnects (elsewhere). */
    static final String RESTART_REASON = "server restarting; reconnect";

    /** The close code of a connection that ended without a close frame. */
    static final int ABNORMAL_CLOSURE = 1006;

    private final ConnectionManagerOptions options;
    private final SessionRegistry registry;
    private final Delivery delivery;
    private final SessionIds sessionIds;
    private final AtomicBoolean closed;
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    /** @param closed set once the manager shuts down */
    ConnectionLifecycle(
            ConnectionManagerOptions options,
            SessionRegistry registry,
            Delivery delivery,
            SessionIds sessionIds,
            AtomicBoolean closed) {
        this.options = options;
        this.registry = registry;
        this.delivery = delivery;
        this.sessionIds = sessionIds;
        this.closed = closed;
    }

    void addListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** Registers a connection; with {@code lastSeq} at least 0, replays what it missed first. */
    void join(Connection connection, @Nullable String sessionId, long lastSeq) {
        Objects.requireNonNull(connection, "connection");
        if (closed.get()) {
            connection.close(CloseCodes.SERVICE_RESTART, RESTART_REASON);
            throw new IllegalStateException("The connection manager is closed");
        }
        if (sessionId != null && !sessionIds.isValid(sessionId)) {
            String reason = sessionIds.invalidReason();
            connection.close(CloseCodes.POLICY_VIOLATION, reason);
            throw new InvalidSessionIdException(reason);
        }
        Peer peer = new Peer(connection, sessionId, delivery.newQueue(connection));
        if (!registry.add(peer)) {
            throw new IllegalStateException("Connection " + connection.id() + " is already connected");
        }
        List<Peer> overflowed = new ArrayList<>(0);
        if (sessionId != null) {
            SessionRegistry.JoinOutcome outcome;
            try {
                outcome = registry.join(peer, sessionId, lastSeq, overflowed);
            } catch (ClusterUnavailableException e) {
                registry.remove(connection);
                peer.queue.close();
                connection.close(CloseCodes.TRY_AGAIN_LATER, "the cluster is unreachable; try again shortly");
                throw e;
            }
            if (outcome != SessionRegistry.JoinOutcome.JOINED) {
                refuse(peer, sessionId, outcome);
            }
        }
        // A racing disconnect (overflow, shutdown) may have removed the peer before it joined.
        if (registry.peer(connection) != peer || closed.get()) {
            if (sessionId != null) {
                registry.leave(peer, sessionId, false);
            }
            disconnect(connection, CloseCodes.SERVICE_RESTART);
            connection.close(CloseCodes.SERVICE_RESTART, RESTART_REASON);
            return;
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onConnect(connection, sessionId);
            } catch (RuntimeException e) {
                log.warn("Connect listener {} failed for connection {}", listener, connection.id(), e);
            }
        }
        // A replay that overflowed the new connection's queue closed it: forget it after onConnect.
        delivery.forget(overflowed);
    }

    private void refuse(Peer peer, String sessionId, SessionRegistry.JoinOutcome outcome) {
        registry.remove(peer.connection);
        peer.queue.close();
        boolean perSession = outcome == SessionRegistry.JoinOutcome.TOO_MANY_CONNECTIONS;
        String reason = perSession
                ? "too many connections for this session (at most " + options.maxConnectionsPerSession() + ")"
                : "too many sessions on this server; try again later";
        peer.connection.close(perSession ? CloseCodes.POLICY_VIOLATION : CloseCodes.TRY_AGAIN_LATER, reason);
        log.info("Refused a connection of session {}: {}", sessionId, reason);
        throw new ConnectionLimitException(sessionId, reason);
    }

    /**
     * Forgets a connection whose transport closed with {@code closeCode}: a close the page asked
     * for (1000, 1001) ends its session when it was the last connection; any other, and any while
     * the manager shuts down, keeps it resumable.
     */
    void disconnect(Connection connection, int closeCode) {
        Peer peer = registry.remove(Objects.requireNonNull(connection, "connection"));
        if (peer == null) {
            return;
        }
        peer.queue.close();
        String sessionId = peer.sessionId;
        if (sessionId != null) {
            boolean pageLeft = closeCode == CloseCodes.NORMAL || closeCode == CloseCodes.GOING_AWAY;
            registry.leave(peer, sessionId, pageLeft && !closed.get());
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onDisconnect(connection, sessionId);
            } catch (RuntimeException e) {
                log.warn("Disconnect listener {} failed for connection {}", listener, connection.id(), e);
            }
        }
    }

    /**
     * Closes every connection with 1012 (reconnect) and forgets it, for shutdown; their sessions
     * stay resumable until the registry lets them go.
     */
    void closeAll() {
        for (Peer peer : registry.all()) {
            peer.connection.close(CloseCodes.SERVICE_RESTART, RESTART_REASON);
            disconnect(peer.connection, CloseCodes.SERVICE_RESTART);
        }
    }
}
