package io.mcpui.connection.jetty;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.SendCallback;
import io.mcpui.connection.spi.Scheduler;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty WebSocket as a {@link Connection}, with {@code lastSeq} {@code -1} unless the page
 * reconnects after a {@code seq} it received. It is registered with the manager before the
 * handshake completes ({@link #register}), so that once the page sees its WebSocket open a send
 * from anywhere reaches it: what is sent before Jetty opens it waits here (the manager has at most
 * one send in flight per connection), and a refusal closes it, with its code and reason, as soon
 * as it opens. Pings, the pong check and the time they measure come from the given {@link
 * Scheduler}. Jetty calls the listener methods one at a time for this WebSocket, and asks for the
 * next frame only when the previous callback has returned.
 *
 * <p>Made by {@link ManagedWebSocketCreator} only; applications see it as a {@link Connection}.
 * It is public, in an exported package, because Jetty invokes the listener methods through a
 * public method-handle lookup, which reaches exported packages only.
 */
public final class JettyConnection implements Connection, Session.Listener.AutoDemanding {

    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /**
     * With pings off, a connection registered for a handshake that never completed is forgotten
     * after this; with pings on, at the first ping.
     */
    private static final Duration OPEN_WITHIN = Duration.ofSeconds(30);

    private final String id = "ws-" + IDS.incrementAndGet();
    private final ConnectionManager manager;
    private final @Nullable String sessionId;
    private final long lastSeq;
    private final WebSocketOptions options;
    private final Scheduler scheduler;
    private final LongAdder evictions;
    private final LongAdder binaryFramesRefused;
    private final @Nullable SocketAddress clientAddress;
    private volatile @Nullable Session session;
    // Until Jetty opens the WebSocket (guarded by this): the one send in flight, and a refusal.
    private @Nullable String textBeforeOpen;
    private @Nullable SendCallback callbackBeforeOpen;
    private int closeCodeBeforeOpen;
    private @Nullable String closeReasonBeforeOpen;
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
            LongAdder binaryFramesRefused,
            @Nullable SocketAddress clientAddress) {
        this.manager = manager;
        this.sessionId = sessionId;
        this.lastSeq = lastSeq;
        this.options = options;
        this.scheduler = scheduler;
        this.evictions = evictions;
        this.binaryFramesRefused = binaryFramesRefused;
        this.clientAddress = clientAddress;
    }

    /**
     * Registers this connection with the manager, from the handshake, before it completes. A
     * refusal (bad session id, a limit, the cluster unreachable) is not thrown: the manager closed
     * this connection with a code and reason the page can read, sent as soon as it is open.
     */
    void register() {
        // The first ping doubles as the deadline of the handshake: one timer per connection.
        nextPing =
                scheduler.schedule(this::ping, options.pingInterval().isZero() ? OPEN_WITHIN : options.pingInterval());
        try {
            if (sessionId != null && lastSeq >= 0) {
                manager.reconnect(this, sessionId, lastSeq);
            } else {
                manager.connect(this, sessionId);
            }
        } catch (ConnectionManagerException | IllegalStateException e) {
            log.debug("Refused WebSocket {} from {}: {}", id, clientAddress, e.getMessage());
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.setIdleTimeout(options.idleTimeout());
        session.setMaxTextMessageSize(options.maxTextMessageSize());
        session.setMaxBinaryMessageSize(options.maxTextMessageSize());
        heard();
        String text;
        SendCallback callback;
        synchronized (this) {
            this.session = session;
            if (closeReasonBeforeOpen != null) {
                stopPinging();
                session.close(closeCodeBeforeOpen, closeReasonBeforeOpen, Callback.NOOP);
                return;
            }
            text = textBeforeOpen;
            callback = callbackBeforeOpen;
            textBeforeOpen = null;
            callbackBeforeOpen = null;
        }
        if (text != null && callback != null) {
            session.sendText(text, jettyCallback(callback));
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
            synchronized (this) {
                current = session;
                if (current == null) {
                    textBeforeOpen = text;
                    callbackBeforeOpen = callback;
                    return;
                }
            }
        }
        current.sendText(text, jettyCallback(callback));
    }

    @Override
    public void close(int code, String reason) {
        Session current = session;
        if (current == null) {
            synchronized (this) {
                current = session;
                if (current == null) {
                    closeCodeBeforeOpen = code;
                    closeReasonBeforeOpen = reason;
                    return;
                }
            }
        }
        current.close(code, reason, Callback.NOOP);
    }

    /** The client's address: the peer's, or behind trusted proxies the one they forwarded. */
    @Override
    public @Nullable SocketAddress remoteAddress() {
        return clientAddress;
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
        if (current == null) {
            // The handshake never completed (the client went away meanwhile): nothing else will
            // close this connection.
            log.debug("WebSocket {} from {} never opened; forgetting it", id, clientAddress);
            manager.disconnect(this);
            return;
        }
        if (!current.isOpen() || options.pingInterval().isZero()) {
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
