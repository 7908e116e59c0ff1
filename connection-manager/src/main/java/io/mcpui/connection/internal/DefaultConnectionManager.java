package io.mcpui.connection.internal;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionLimitException;
import io.mcpui.connection.ConnectionListener;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.ConnectionManagerStats;
import io.mcpui.connection.DeliveryPolicy;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.InvalidSessionIdException;
import io.mcpui.connection.MessageHandler;
import io.mcpui.connection.SessionIdGenerator;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.TooManyPendingRequestsException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.spi.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ConnectionManager}: registry, delivery, requests and routing on this node. */
public final class DefaultConnectionManager implements ConnectionManager {

    private static final Logger log = LoggerFactory.getLogger(DefaultConnectionManager.class);

    /** The field that numbers a session's messages. */
    static final String SEQ_FIELD = "seq";

    private static final String PING = "ping";
    private static final String SHUTDOWN_REASON = "server is shutting down";
    private static final String ENDED_REASON = "its page closed and did not come back";
    /** The close code of a connection that ended without a close frame. */
    private static final int ABNORMAL_CLOSURE = 1006;

    private final ConnectionManagerOptions options;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Scheduler scheduler;
    private final @Nullable SystemScheduler ownedScheduler;
    private final Counters counters = new Counters();
    private final Delivery delivery;
    private final SessionRegistry registry;
    private final RequestTable requests;
    private final SessionIds sessionIds;
    private final ConcurrentHashMap<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final String requestIdPrefix;
    private final AtomicLong requestCounter = new AtomicLong();
    private final String pong;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Scheduler.@Nullable Cancellable reservationSweep;

    public DefaultConnectionManager(
            ConnectionManagerOptions options,
            Backplane backplane,
            JsonCodec codec,
            @Nullable Scheduler scheduler,
            SessionIdGenerator idGenerator) {
        Objects.requireNonNull(idGenerator, "idGenerator");
        this.options = Objects.requireNonNull(options, "options");
        this.backplane = Objects.requireNonNull(backplane, "backplane");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.ownedScheduler = scheduler == null ? new SystemScheduler() : null;
        this.scheduler = scheduler != null ? scheduler : ownedScheduler;
        this.delivery = new Delivery(options, counters, this::disconnect, this.scheduler);
        this.registry = new SessionRegistry(
                options,
                this.scheduler,
                delivery,
                seq -> codec.encode(Map.of("type", "resync", SEQ_FIELD, seq), Map.of()),
                backplane,
                this::sessionEnded);
        this.requests = new RequestTable(this.scheduler, counters.requestsTimedOut::increment);
        this.sessionIds = new SessionIds(options, idGenerator, registry, backplane, this.scheduler);
        this.requestIdPrefix = randomPrefix();
        this.pong = codec.encode(Map.of("type", "pong"), Map.of());
        try {
            backplane.start(new ClusterInbound(registry, delivery, requests, backplane, codec, counters, options));
        } catch (RuntimeException e) {
            // The manager owns the backplane and the scheduler: nobody else would release them.
            backplane.close();
            if (ownedScheduler != null) {
                ownedScheduler.close();
            }
            throw e;
        }
        scheduleReservationSweep();
    }

    @Override
    public void connect(Connection connection, @Nullable String sessionId) {
        join(connection, sessionId, -1);
    }

    @Override
    public void reconnect(Connection connection, String sessionId, long lastSeq) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative, was " + lastSeq);
        }
        join(connection, sessionId, lastSeq);
    }

    private void join(Connection connection, @Nullable String sessionId, long lastSeq) {
        Objects.requireNonNull(connection, "connection");
        if (closed.get()) {
            connection.close(CloseCodes.GOING_AWAY, SHUTDOWN_REASON);
            throw new IllegalStateException("The connection manager is closed");
        }
        if (sessionId != null) {
            requireValidSessionId(connection, sessionId);
        }
        Peer peer = new Peer(connection, sessionId, delivery.newQueue(connection));
        if (!registry.add(peer)) {
            throw new IllegalStateException("Connection " + connection.id() + " is already connected");
        }
        List<Peer> overflowed = new ArrayList<>(0);
        if (sessionId != null) {
            SessionRegistry.JoinOutcome outcome = registry.join(peer, sessionId, lastSeq, overflowed);
            if (outcome != SessionRegistry.JoinOutcome.JOINED) {
                refuse(peer, sessionId, outcome);
            }
        }
        // A racing disconnect (overflow, shutdown) may have removed the peer before it joined.
        if (registry.peer(connection) != peer || closed.get()) {
            if (sessionId != null) {
                registry.leave(peer, sessionId, closed.get());
            }
            disconnect(connection, CloseCodes.GOING_AWAY);
            connection.close(CloseCodes.GOING_AWAY, SHUTDOWN_REASON);
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
        throw new ConnectionLimitException(reason);
    }

    @Override
    public void disconnect(Connection connection) {
        disconnect(connection, ABNORMAL_CLOSURE);
    }

    @Override
    public void disconnect(Connection connection, int closeCode) {
        Peer peer = registry.remove(Objects.requireNonNull(connection, "connection"));
        if (peer == null) {
            return;
        }
        peer.queue.close();
        String sessionId = peer.sessionId;
        if (sessionId != null) {
            boolean pageLeft = closeCode == CloseCodes.NORMAL || closeCode == CloseCodes.GOING_AWAY;
            registry.leave(peer, sessionId, pageLeft || closed.get());
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onDisconnect(connection, sessionId);
            } catch (RuntimeException e) {
                log.warn("Disconnect listener {} failed for connection {}", listener, connection.id(), e);
            }
        }
    }

    /** A session ended (no connection, no resume): its requests fail, its id is kept a while. */
    private void sessionEnded(String sessionId) {
        sessionIds.sessionEnded(sessionId);
        requests.sessionClosed(sessionId, closed.get() ? SHUTDOWN_REASON : ENDED_REASON);
    }

    @Override
    public void receive(Connection connection, String text) {
        Peer peer = registry.peer(connection);
        if (peer == null) {
            return; // closed while the frame was in flight
        }
        Map<String, Object> fields;
        try {
            fields = codec.decode(text);
        } catch (IllegalArgumentException e) {
            counters.malformedMessages.increment();
            log.debug(
                    "Ignored a frame from connection {} that is not a JSON object: {}",
                    connection.id(),
                    e.getMessage());
            return;
        }
        Object type = fields.get("type");
        if (PING.equals(type)) {
            delivery.offer(peer, pong, null);
            return;
        }
        InboundMessage message = new InboundMessage(connection, peer.sessionId, fields, codec);
        Object requestId = fields.get(REQUEST_ID_FIELD);
        if (requestId instanceof String id && answer(id, peer, message, text)) {
            return;
        }
        MessageHandler handler = type instanceof String name ? handlers.get(name) : null;
        if (handler == null) {
            (requestId != null ? counters.unmatchedReplies : counters.unhandledMessages).increment();
            return;
        }
        try {
            handler.handle(message);
        } catch (RuntimeException e) {
            counters.handlerFailures.increment();
            log.warn("Handler for type {} failed on connection {}", type, connection.id(), e);
        }
    }

    /** Completes the request {@code requestId} if one waits; {@code true} if one did. */
    private boolean answer(String requestId, Peer from, InboundMessage reply, String text) {
        RequestTable.Waiter waiter = requests.get(requestId);
        if (waiter == null) {
            return false;
        }
        if (waiter.sessionId().equals(from.sessionId)) {
            waiter.replied(reply, text);
        } else {
            counters.rejectedReplies.increment();
            log.debug(
                    "Ignored a reply to request {} from connection {} of session {}: it asked session {}",
                    requestId,
                    from.connection.id(),
                    from.sessionId,
                    waiter.sessionId());
        }
        return true;
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
        int local = registry.send(sessionId, seq -> codec.encode(message, Map.of(SEQ_FIELD, seq)));
        boolean newestIsHere = local != SessionRegistry.NOT_HERE
                && options.deliveryPolicy() == DeliveryPolicy.NEWEST_CONNECTION
                && registry.peersOf(sessionId).length > 0;
        // Other nodes number their own copies, so they get the message without seq.
        int remote = newestIsHere || !backplane.holdsRemotely(sessionId)
                ? Backplane.NOT_HELD
                : sendToOtherNodes(sessionId, message, local != SessionRegistry.NOT_HERE);
        if (local == SessionRegistry.NOT_HERE && remote == Backplane.NOT_HELD) {
            throw new SessionNotFoundException(sessionId);
        }
        return Math.max(local, 0) + Math.max(remote, 0);
    }

    /**
     * Sends to the other nodes holding the session. When the cluster is unreachable and this node
     * delivered the message already, the local delivery stands (a caller retrying would duplicate
     * it here); otherwise the failure is the caller's.
     */
    private int sendToOtherNodes(String sessionId, Object message, boolean deliveredHere) {
        try {
            return backplane.sendToSession(sessionId, codec.encode(message, Map.of()));
        } catch (ClusterUnavailableException e) {
            if (!deliveredHere) {
                throw e;
            }
            log.warn("Session {} reached this node's tabs only: {}", sessionId, e.getMessage());
            return Backplane.NOT_HELD;
        }
    }

    @Override
    public int broadcast(Object message) {
        requireOpen();
        String text = codec.encode(Objects.requireNonNull(message, "message"), Map.of());
        return delivery.toAll(registry.all(), text) + backplane.broadcast(text);
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
        String requestId = requestIdPrefix + Long.toString(requestCounter.incrementAndGet(), 36);
        if (requests.size() >= options.maxPendingRequests()) {
            return CompletableFuture.failedFuture(new TooManyPendingRequestsException(options.maxPendingRequests()));
        }
        RequestTable.LocalRequest request = requests.register(requestId, sessionId, timeout);
        counters.requestsSent.increment();
        // A session only waiting here to resume, while another node has its page, is asked there.
        boolean movedAway = registry.peersOf(sessionId).length == 0 && backplane.holdsRemotely(sessionId);
        int local = movedAway
                ? SessionRegistry.NOT_HERE
                : registry.send(
                        sessionId, seq -> codec.encode(message, Map.of(REQUEST_ID_FIELD, requestId, SEQ_FIELD, seq)));
        if (local == SessionRegistry.NOT_HERE) {
            request.deliveredElsewhere();
            try {
                String remoteText = codec.encode(message, Map.of(REQUEST_ID_FIELD, requestId));
                if (backplane.sendRequest(sessionId, requestId, remoteText, timeout) == Backplane.NOT_HELD) {
                    request.fail(new SessionNotFoundException(sessionId));
                }
            } catch (ClusterUnavailableException e) {
                request.fail(e);
            }
        } else if (local == 0 && !options.resumable()) {
            request.fail(new ConnectionManagerException("Request " + requestId + " could not be queued to session "
                    + sessionId + ": its connections are not reading their messages"));
        }
        if (closed.get()) {
            request.sessionClosed(SHUTDOWN_REASON);
        }
        return request.future;
    }

    @Override
    public String generateSessionId() {
        requireOpen();
        return sessionIds.generate();
    }

    @Override
    public Set<String> getSessionIds() {
        return Set.copyOf(withRemote(backplane.remoteSessions()).keySet());
    }

    @Override
    public Map<String, Integer> getSessions() {
        return Map.copyOf(withRemote(backplane.remoteSessions()));
    }

    private Map<String, Integer> withRemote(Map<String, Integer> remote) {
        Map<String, Integer> all = registry.sessionCounts();
        remote.forEach((id, count) -> all.merge(id, count, Integer::sum));
        return all;
    }

    @Override
    public Optional<Connection> getSessionConnection(String sessionId) {
        Peer[] peers = registry.peersOf(Objects.requireNonNull(sessionId, "sessionId"));
        return peers.length == 0 ? Optional.empty() : Optional.of(peers[peers.length - 1].connection);
    }

    @Override
    public void onMessage(String type, MessageHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (PING.equals(type)) {
            throw new IllegalArgumentException("The manager answers type \"ping\" itself; pick another type");
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("A handler for type \"" + type + "\" is already registered");
        }
    }

    @Override
    public void addListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ConnectionManagerStats stats() {
        return new ConnectionManagerStats(
                registry.connectionCount(),
                registry.sessionCount(),
                counters.messagesQueued.sum(),
                counters.messagesDropped.sum(),
                counters.slowConnectionsClosed.sum(),
                counters.sendFailures.sum(),
                counters.malformedMessages.sum(),
                counters.unhandledMessages.sum(),
                counters.handlerFailures.sum(),
                counters.unmatchedReplies.sum(),
                counters.rejectedReplies.sum(),
                counters.requestsSent.sum(),
                counters.requestsTimedOut.sum(),
                requests.size());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Cancellable sweep = reservationSweep;
        if (sweep != null) {
            sweep.cancel();
        }
        for (Peer peer : registry.all()) {
            peer.connection.close(CloseCodes.GOING_AWAY, SHUTDOWN_REASON);
            disconnect(peer.connection, CloseCodes.GOING_AWAY);
        }
        registry.endAll();
        requests.closeAll(SHUTDOWN_REASON);
        backplane.close();
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }

    private void requireValidSessionId(Connection connection, String sessionId) {
        if (!sessionIds.isValid(sessionId)) {
            String reason = sessionIds.invalidReason();
            connection.close(CloseCodes.POLICY_VIOLATION, reason);
            throw new InvalidSessionIdException(reason);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The connection manager is closed");
        }
    }

    private void scheduleReservationSweep() {
        Scheduler.Cancellable sweep = scheduler.schedule(
                () -> {
                    try {
                        sessionIds.sweep();
                    } finally {
                        if (!closed.get()) {
                            scheduleReservationSweep();
                        }
                    }
                },
                options.sessionIdReservation());
        reservationSweep = sweep;
        if (closed.get()) {
            sweep.cancel();
        }
    }

    private static String randomPrefix() {
        SecureRandom random = new SecureRandom();
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-";
    }
}
