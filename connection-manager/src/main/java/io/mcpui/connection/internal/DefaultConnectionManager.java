package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionLimitException;
import io.mcpui.connection.ConnectionListener;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.ConnectionManagerStats;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.InvalidSessionIdException;
import io.mcpui.connection.MessageHandler;
import io.mcpui.connection.SessionIdGenerator;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.spi.Scheduler;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionManager}: assembles the parts and hands each call to its home. Joining and
 * leaving is {@link ConnectionLifecycle}'s, what pages send {@link PageInbound}'s, what the
 * application sends {@link SessionRouter}'s, what other nodes send {@link ClusterInbound}'s.
 */
public final class DefaultConnectionManager implements ConnectionManager {

    private static final String ENDED_REASON = "its page closed and did not come back";

    private final ConnectionManagerOptions options;
    private final Backplane backplane;
    private final @Nullable SystemScheduler ownedScheduler;
    private final Counters counters = new Counters();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SessionRegistry registry;
    private final RequestTable requests;
    private final SessionIds sessionIds;
    private final ConnectionLifecycle lifecycle;
    private final PageInbound pageInbound;
    private final SessionRouter router;
    private final IdReservationSweep sweep;

    public DefaultConnectionManager(
            ConnectionManagerOptions options,
            Backplane backplane,
            JsonCodec codec,
            @Nullable Scheduler givenScheduler,
            SessionIdGenerator idGenerator) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(codec, "codec");
        this.backplane = Objects.requireNonNull(backplane, "backplane");
        Scheduler scheduler;
        if (givenScheduler != null) {
            scheduler = givenScheduler;
            this.ownedScheduler = null;
        } else {
            SystemScheduler own = new SystemScheduler();
            scheduler = own;
            this.ownedScheduler = own;
        }
        Delivery delivery = new Delivery(options, counters, connection -> disconnect(connection), scheduler);
        this.registry = new SessionRegistry(
                options,
                scheduler,
                delivery,
                new SessionResume(options, scheduler, delivery),
                backplane,
                this::sessionEnded);
        this.requests = new RequestTable(scheduler, counters.requestsTimedOut::increment);
        this.sessionIds = new SessionIds(
                options, Objects.requireNonNull(idGenerator, "idGenerator"), registry, backplane, scheduler);
        this.lifecycle = new ConnectionLifecycle(options, registry, delivery, sessionIds, closed);
        this.pageInbound = new PageInbound(registry, delivery, requests, backplane, codec, counters);
        this.router = new SessionRouter(options, registry, delivery, requests, backplane, codec, counters);
        try {
            backplane.start(new ClusterInbound(
                    registry, delivery, requests, backplane, codec, counters, options, ENDED_REASON));
        } catch (RuntimeException e) {
            // The manager owns the backplane and the scheduler: nobody else would release them.
            backplane.close();
            if (ownedScheduler != null) {
                ownedScheduler.close();
            }
            throw e;
        }
        this.sweep = new IdReservationSweep(scheduler, options.sessionIdReservation(), sessionIds);
    }

    @Override
    public void connect(Connection connection, @Nullable String sessionId) {
        lifecycle.join(connection, sessionId, -1);
    }

    @Override
    public void reconnect(Connection connection, String sessionId, long lastSeq) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative, was " + lastSeq);
        }
        lifecycle.join(connection, sessionId, lastSeq);
    }

    @Override
    public void disconnect(Connection connection) {
        lifecycle.disconnect(connection, ConnectionLifecycle.ABNORMAL_CLOSURE);
    }

    @Override
    public void disconnect(Connection connection, int closeCode) {
        lifecycle.disconnect(connection, closeCode);
    }

    /**
     * A session ended here (no connection, no resume): its id is kept a while. On a node alone it
     * ended for good, so its requests fail; in a cluster they fail when the backplane says it
     * ended everywhere.
     */
    private void sessionEnded(String sessionId) {
        sessionIds.sessionEnded(sessionId);
        if (!backplane.clustered()) {
            requests.sessionClosed(sessionId, closed.get() ? ConnectionLifecycle.SHUTDOWN_REASON : ENDED_REASON);
        }
    }

    @Override
    public void receive(Connection connection, String text) {
        pageInbound.receive(connection, text);
    }

    @Override
    public boolean hasConnections() {
        return getConnectionCount() > 0;
    }

    @Override
    public int getConnectionCount() {
        return registry.connectionCount() + backplane.remoteConnectionCount();
    }

    @Override
    public int sendToSession(String sessionId, Object message) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(message, "message");
        requireOpen();
        return router.sendToSession(sessionId, message);
    }

    @Override
    public int broadcast(Object message) {
        requireOpen();
        return router.broadcast(Objects.requireNonNull(message, "message"));
    }

    @Override
    public CompletableFuture<InboundMessage> request(String sessionId, Object message, Duration timeout) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        requireOpen();
        CompletableFuture<InboundMessage> reply = router.request(sessionId, message, timeout);
        if (closed.get()) { // closed while it was being sent: close() may have missed it
            requests.closeAll(ConnectionLifecycle.SHUTDOWN_REASON);
        }
        return reply;
    }

    @Override
    public String generateSessionId() {
        requireOpen();
        return sessionIds.generate();
    }

    @Override
    public void openSession(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        requireOpen();
        if (!options.resumable()) {
            throw new IllegalStateException("A session without a connection needs resuming: the resume window is zero");
        }
        if (!sessionIds.isValid(sessionId)) {
            throw new InvalidSessionIdException(sessionIds.invalidReason());
        }
        if (!registry.open(sessionId)) {
            throw new ConnectionLimitException(sessionId, "too many sessions on this server; try again later");
        }
    }

    @Override
    public void putSessionValue(String sessionId, String key, String value) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        requireOpen();
        if (backplane.clustered()) {
            backplane.putSessionValue(sessionId, key, value);
            return;
        }
        if (!registry.hasSession(sessionId)) {
            throw new SessionNotFoundException(sessionId);
        }
        backplane.putSessionValue(sessionId, key, value);
        if (!registry.hasSession(sessionId)) { // it ended meanwhile: its values go with it
            backplane.letGo(sessionId, true);
        }
    }

    @Override
    public Optional<String> sessionValue(String sessionId, String key) {
        requireOpen();
        return backplane.sessionValue(
                Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(key, "key"));
    }

    @Override
    public Optional<String> removeSessionValue(String sessionId, String key) {
        requireOpen();
        return backplane.removeSessionValue(
                Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(key, "key"));
    }

    @Override
    public Set<String> getSessionIds() {
        return Set.copyOf(getSessions().keySet());
    }

    @Override
    public Map<String, Integer> getSessions() {
        Map<String, Integer> all = registry.sessionCounts();
        backplane.remoteSessions().forEach((id, count) -> all.merge(id, count, Integer::sum));
        return Map.copyOf(all);
    }

    @Override
    public Map<String, Map<String, Integer>> getSessionsByNode() {
        Map<String, Map<String, Integer>> byNode = new TreeMap<>(backplane.remoteSessionsByNode());
        byNode.put(backplane.nodeId(), Map.copyOf(registry.sessionCounts()));
        return Collections.unmodifiableMap(byNode);
    }

    @Override
    public String nodeId() {
        return backplane.nodeId();
    }

    @Override
    public Optional<Connection> getSessionConnection(String sessionId) {
        Peer[] peers = registry.peersOf(Objects.requireNonNull(sessionId, "sessionId"));
        return peers.length == 0 ? Optional.empty() : Optional.of(peers[peers.length - 1].connection);
    }

    @Override
    public void onMessage(String type, MessageHandler handler) {
        pageInbound.onMessage(type, handler);
    }

    @Override
    public void addListener(ConnectionListener listener) {
        lifecycle.addListener(listener);
    }

    @Override
    public void removeListener(ConnectionListener listener) {
        lifecycle.removeListener(listener);
    }

    @Override
    public ConnectionManagerStats stats() {
        return counters.snapshot(registry.connectionCount(), registry.sessionCount(), requests.size());
    }

    /**
     * Closes every connection with 1012 so that pages reconnect (to another node, in a cluster,
     * where their sessions resume), lets go of every session, fails waiting requests, and leaves
     * the cluster.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sweep.cancel();
        lifecycle.closeAll();
        registry.letGoAll();
        requests.closeAll(ConnectionLifecycle.SHUTDOWN_REASON);
        backplane.close();
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The connection manager is closed");
        }
    }
}
