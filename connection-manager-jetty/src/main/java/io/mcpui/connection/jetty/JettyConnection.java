package io.mcpui.connection.jetty;

import io.mcpui.connection.SendCallback;
import io.mcpui.connection.websocket.ManagedSocket;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.connection.websocket.WebSocketPeer;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's side of one WebSocket: its events go to the {@link ManagedSocket} that is the
 * manager's connection, and the socket's sends go to Jetty's {@link Session}. Jetty calls the
 * listener methods one at a time for this WebSocket, and asks for the next frame only when the
 * previous callback has returned.
 *
 * <p>Made by {@link ManagedWebSocketCreator} only. It is public, in an exported package, because
 * Jetty invokes the listener methods through a public method-handle lookup, which reaches
 * exported packages only.
 */
public final class JettyConnection implements Session.Listener.AutoDemanding {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final ManagedSocket socket;
    private final WebSocketOptions options;

    JettyConnection(ManagedSocket socket, WebSocketOptions options) {
        this.socket = socket;
        this.options = options;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.setIdleTimeout(options.idleTimeout());
        session.setMaxTextMessageSize(options.maxTextMessageSize());
        session.setMaxBinaryMessageSize(options.maxTextMessageSize());
        socket.opened(new JettyPeer(session));
    }

    @Override
    public void onWebSocketText(String text) {
        socket.onText(text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        socket.onBinary();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        socket.heard();
    }

    @Override
    public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
        socket.onClose(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        socket.onError(cause);
    }

    @Override
    public String toString() {
        return "JettyConnection{" + socket + "}";
    }

    /** Jetty's session as the socket's peer. */
    private static final class JettyPeer implements WebSocketPeer {

        private final Session session;
        // The manager passes the same callback for every send, so one Jetty callback is reused.
        // The manager's queue never has two sends in flight, so plain volatile fields suffice.
        private volatile @Nullable SendCallback lastCallback;
        private volatile @Nullable Callback lastJettyCallback;

        JettyPeer(Session session) {
            this.session = session;
        }

        @Override
        public void sendText(String text, SendCallback callback) {
            Callback jettyCallback = lastJettyCallback;
            if (callback != lastCallback || jettyCallback == null) {
                jettyCallback = Callback.from(callback::succeeded, callback::failed);
                lastJettyCallback = jettyCallback;
                lastCallback = callback;
            }
            session.sendText(text, jettyCallback);
        }

        @Override
        public void sendPing() {
            session.sendPing(EMPTY, Callback.NOOP);
        }

        @Override
        public void close(int code, String reason) {
            session.close(code, reason, Callback.NOOP);
        }

        @Override
        public void abort() {
            session.disconnect();
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }
    }
}
