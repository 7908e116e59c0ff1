package io.mcpui.connection.websocket;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.SendCallback;
import io.mcpui.connection.spi.Scheduler;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket as a {@link Connection} of a manager, whatever the WebSocket API: the adapter
 * makes it when a handshake passed its {@link HandshakeGate}, calls {@link #register} before the
 * handshake completes (so that once the page sees its WebSocket open a send from anywhere reaches
 * it), {@link #opened} with its {@link WebSocketPeer} when the WebSocket opens, and the {@code
 * on…} methods as frames arrive. What is sent before the WebSocket opens waits here (the manager
 * has at most one send in flight per connection), and a refusal closes it, with its code and
 * reason, as soon as it opens. The server pings on {@link WebSocketOptions#pingInterval()} and
 * drops a page that shows no life within {@link WebSocketOptions#pongTimeout()}; a binary frame
 * closes the connection with 1003 (the protocol is JSON text). Pings, the pong check and the time
 * they measure come from the given {@link Scheduler}. Thread-safe.
 */
public final class ManagedSocket implements Connection {

    private static final Logger log = LoggerFactory.getLogger(ManagedSocket.class);
    private static final AtomicLong IDS = new AtomicLong();

    /**
     * With pings off, a connection registered for a handshake that never completed is forgotten
     * after this; with pings on, at the first ping.
     */
    private static final Duration OPEN_WITHIN = Duration.ofSeconds(30);

    private final String id = "ws-" + IDS.incrementAndGet();
    private final ConnectionManager manager;
    private final @Nullable String sessionId;
    private final long lastSeq;
    private final HandshakeGate gate;
    private final WebSocketOptions options;
    private final Scheduler scheduler;
    private final @Nullable SocketAddress clientAddress;
    private volatile @Nullable WebSocketPeer peer;
    // Until the WebSocket opens (guarded by this): the one send in flight, and a refusal.
    private @Nullable String textBeforeOpen;
    private @Nullable SendCallback callbackBeforeOpen;
    private int closeCodeBeforeOpen;
    private @Nullable String closeReasonBeforeOpen;
    private volatile long lastHeardNanos;
    private volatile Scheduler.@Nullable Cancellable nextPing;
    private volatile Scheduler.@Nullable Cancellable pongCheck;

    /**
     * A socket of {@code sessionId} ({@code null}: broadcast only), resuming after {@code lastSeq}
     * ({@code -1}: a fresh connection), admitted by {@code gate}, timed on {@code scheduler}.
     */
    public ManagedSocket(
            ConnectionManager manager,
            @Nullable String sessionId,
            long lastSeq,
            HandshakeGate gate,
            Scheduler scheduler,
            @Nullable SocketAddress clientAddress) {
        this.manager = manager;
        this.sessionId = sessionId;
        this.lastSeq = lastSeq;
        this.gate = gate;
        this.options = gate.options();
        this.scheduler = scheduler;
        this.clientAddress = clientAddress;
    }

    /**
     * Registers this connection with the manager, from the handshake, before it completes. A
     * refusal (bad session id, a limit, the cluster unreachable) is not thrown: the manager closed
     * this connection with a code and reason the page can read, sent as soon as it is open.
     */
    public void register() {
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

    /** The WebSocket opened: what waited for it goes out now. */
    public void opened(WebSocketPeer openPeer) {
        heard();
        String text;
        SendCallback callback;
        synchronized (this) {
            this.peer = openPeer;
            if (closeReasonBeforeOpen != null) {
                stopPinging();
                openPeer.close(closeCodeBeforeOpen, closeReasonBeforeOpen);
                return;
            }
            text = textBeforeOpen;
            callback = callbackBeforeOpen;
            textBeforeOpen = null;
            callbackBeforeOpen = null;
        }
        if (text != null && callback != null) {
            openPeer.sendText(text, callback);
        }
    }

    /** A text message from the page. */
    public void onText(String text) {
        heard();
        manager.receive(this, text);
    }

    /** A binary message from the page: refused, the connection closes with 1003. */
    public void onBinary() {
        heard();
        gate.binaryFrameRefused();
        close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported: send JSON text");
    }

    /** A pong (or any other sign of life) from the page. */
    public void heard() {
        lastHeardNanos = scheduler.nanoTime();
    }

    /** The WebSocket closed with {@code statusCode}. */
    public void onClose(int statusCode) {
        stopPinging();
        manager.disconnect(this, statusCode);
    }

    /** The WebSocket failed. */
    public void onError(Throwable cause) {
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
        WebSocketPeer current = peer;
        if (current == null) {
            synchronized (this) {
                current = peer;
                if (current == null) {
                    textBeforeOpen = text;
                    callbackBeforeOpen = callback;
                    return;
                }
            }
        }
        current.sendText(text, callback);
    }

    @Override
    public void close(int code, String reason) {
        WebSocketPeer current = peer;
        if (current == null) {
            synchronized (this) {
                current = peer;
                if (current == null) {
                    closeCodeBeforeOpen = code;
                    closeReasonBeforeOpen = reason;
                    return;
                }
            }
        }
        current.close(code, reason);
    }

    /** The client's address: the peer's, or behind trusted proxies the one they forwarded. */
    @Override
    public @Nullable SocketAddress remoteAddress() {
        return clientAddress;
    }

    @Override
    public boolean isOpen() {
        WebSocketPeer current = peer;
        return current != null && current.isOpen();
    }

    @Override
    public String toString() {
        return "ManagedSocket{" + id + ", session=" + sessionId + "}";
    }

    private void ping() {
        WebSocketPeer current = peer;
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
        current.sendPing();
        // With a pong timeout longer than the ping interval, the earlier check still stands.
        if (pongCheck == null) {
            pongCheck = scheduler.schedule(() -> evictIfSilentSince(sentAt), options.pongTimeout());
        }
        nextPing = scheduler.schedule(this::ping, options.pingInterval());
    }

    private void evictIfSilentSince(long pingSentAt) {
        pongCheck = null;
        WebSocketPeer current = peer;
        if (current == null || !current.isOpen() || lastHeardNanos - pingSentAt >= 0) {
            return;
        }
        gate.evicted();
        log.info(
                "Dropping WebSocket {} of session {}: no answer to a ping within {}",
                id,
                sessionId,
                options.pongTimeout());
        stopPinging();
        manager.disconnect(this);
        current.abort(); // no close handshake: the peer is not listening
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
