package io.mcpui.connection.jetty;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.SendCallback;
import io.mcpui.connection.spi.Scheduler;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty WebSocket as a {@link Connection}, with {@code lastSeq} {@code -1} unless the page
 * reconnects after a {@code seq} it received. Pings, the pong check and the time they measure
 * come from the given {@link Scheduler}. Jetty calls the listener methods one at a time for
 * this WebSocket, and asks for the next frame only when the previous callback has returned.
 *
 * <p>Made by {@link ManagedWebSocketCreator} only; applications see it as a {@link Connection}.
 * It is public, in an exported package, because Jetty invokes the listener methods through a
 * public method-handle lookup, which reaches exported packages only.
 */
public final class JettyConnection implements Connection, Session.Listener.AutoDemanding {

    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final String id = "ws-" + IDS.incrementAndGet();
    private final ConnectionManager manager;
    private final @Nullable String sessionId;
    private final long lastSeq;
    private final WebSocketOptions options;
    private final Scheduler scheduler;
    private final LongAdder evictions;
    private final LongAdder binaryFramesRefused;
    private volatile @Nullable Session session;
    private volatile long lastHeardNanos;
    private volatile Scheduler.@Nullable Cancellable nextPing;
    private volatile Scheduler.@Nullable Cancellable pongCheck;
    // The manager passes the same callback for every send, so one Jetty callback is reused. The
    // manager's queue never has two sends in flight, so plain volatile fields suffice.
    private volatile @Nullable SendCallback lastCallback;
    private volatile @Nullable Callback lastJettyCallback;

    JettyConnection(
            ConnectionManager manager,
            @Nullable String sessionId,
            long lastSeq,
            WebSocketOptions options,
            Scheduler scheduler,
            LongAdder evictions,
            LongAdder binaryFramesRefused) {
        this.manager = manager;
        this.sessionId = sessionId;
        this.lastSeq = lastSeq;
        this.options = options;
        this.scheduler = scheduler;
        this.evictions = evictions;
        this.binaryFramesRefused = binaryFramesRefused;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.setIdleTimeout(options.idleTimeout());
        session.setMaxTextMessageSize(options.maxTextMessageSize());
        session.setMaxBinaryMessageSize(options.maxTextMessageSize());
        this.session = session;
        heard();
        try {
            if (sessionId != null && lastSeq >= 0) {
                manager.reconnect(this, sessionId, lastSeq);
            } else {
                manager.connect(this, sessionId);
            }
        } catch (ConnectionManagerException | IllegalStateException e) {
            // The manager closed the WebSocket with a code and reason the page can read.
            log.debug("Refused WebSocket {} from {}: {}", id, session.getRemoteSocketAddress(), e.getMessage());
            return;
        }
        if (!options.pingInterval().isZero()) {
            nextPing = scheduler.schedule(this::ping, options.pingInterval());
        }
    }

    @Override
    public void onWebSocketText(String text) {
        heard();
        manager.receive(this, text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        heard();
        binaryFramesRefused.increment();
        close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported: send JSON text");
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        heard();
    }

    @Override
    public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
        stopPinging();
        manager.disconnect(this, statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("WebSocket {} failed", id, cause);
        stopPinging();
        manager.disconnect(this);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendText(String text, SendCallback callback) {
        Session current = session;
        if (current == null) {
            callback.failed(new IllegalStateException("WebSocket " + id + " is not open yet"));
            return;
        }
        current.sendText(text, jettyCallback(callback));
    }

    @Override
    public void close(int code, String reason) {
        Session current = session;
        if (current != null) {
            current.close(code, reason, Callback.NOOP);
        }
    }

    @Override
    public @Nullable SocketAddress remoteAddress() {
        Session current = session;
        return current == null ? null : current.getRemoteSocketAddress();
    }

    @Override
    public boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen();
    }

    @Override
    public String toString() {
        return "JettyConnection{" + id + ", session=" + sessionId + "}";
    }

    private Callback jettyCallback(SendCallback callback) {
        Callback jettyCallback = lastJettyCallback;
        if (callback != lastCallback || jettyCallback == null) {
            jettyCallback = Callback.from(callback::succeeded, callback::failed);
            lastJettyCallback = jettyCallback;
            lastCallback = callback;
        }
        return jettyCallback;
    }

    private void heard() {
        lastHeardNanos = scheduler.nanoTime();
    }

    private void ping() {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return;
        }
        long sentAt = scheduler.nanoTime();
        current.sendPing(EMPTY, Callback.NOOP);
        // With a pong timeout longer than the ping interval, the earlier check still stands.
        if (pongCheck == null) {
            pongCheck = scheduler.schedule(() -> evictIfSilentSince(sentAt), options.pongTimeout());
        }
        nextPing = scheduler.schedule(this::ping, options.pingInterval());
    }

    private void evictIfSilentSince(long pingSentAt) {
        pongCheck = null;
        Session current = session;
        if (current == null || !current.isOpen() || lastHeardNanos - pingSentAt >= 0) {
            return;
        }
        evictions.increment();
        log.info(
                "Dropping WebSocket {} of session {}: no answer to a ping within {}",
                id,
                sessionId,
                options.pongTimeout());
        stopPinging();
        manager.disconnect(this);
        current.disconnect(); // no close handshake: the peer is not listening
    }

    private void stopPinging() {
        Scheduler.Cancellable ping = nextPing;
        if (ping != null) {
            ping.cancel();
        }
        Scheduler.Cancellable check = pongCheck;
        if (check != null) {
            check.cancel();
        }
    }
}
