package io.mcpui.connection.jakarta;

import io.mcpui.connection.SendCallback;
import io.mcpui.connection.websocket.ManagedSocket;
import io.mcpui.connection.websocket.WebSocketOptions;
import io.mcpui.connection.websocket.WebSocketPeer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta side of one WebSocket: its events go to the {@link ManagedSocket} that is the
 * manager's connection, and the socket's sends go to the Jakarta {@link Session}. Made by {@link
 * ManagedWebSocketServlet} for each upgrade; public because containers instantiate endpoint
 * classes reflectively and check that they are.
 */
public final class ManagedEndpoint extends Endpoint {

    private static final Logger log = LoggerFactory.getLogger(ManagedEndpoint.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final ManagedSocket socket;
    private final WebSocketOptions options;

    ManagedEndpoint(ManagedSocket socket, WebSocketOptions options) {
        this.socket = socket;
        this.options = options;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(options.idleTimeout().toMillis());
        int limit = (int) Math.min(Integer.MAX_VALUE, options.maxTextMessageSize());
        session.setMaxTextMessageBufferSize(limit);
        session.setMaxBinaryMessageBufferSize(limit);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) socket::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) payload -> socket.onBinary());
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> socket.heard());
        socket.opened(new JakartaPeer(session));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        socket.onClose(closeReason.getCloseCode().getCode());
    }

    @Override
    public void onError(Session session, Throwable cause) {
        socket.onError(cause);
    }

    /** The Jakarta session as the socket's peer. */
    private static final class JakartaPeer implements WebSocketPeer {

        private final Session session;

        JakartaPeer(Session session) {
            this.session = session;
        }

        @Override
        public void sendText(String text, SendCallback callback) {
            try {
                session.getAsyncRemote().sendText(text, result -> {
                    if (result.isOK()) {
                        callback.succeeded();
                    } else {
                        callback.failed(result.getException());
                    }
                });
            } catch (RuntimeException e) { // the session closed under us
                callback.failed(e);
            }
        }

        @Override
        public void sendPing() {
            try {
                session.getAsyncRemote().sendPing(EMPTY);
            } catch (IOException | RuntimeException e) {
                log.debug("Could not ping WebSocket {}: {}", session.getId(), e.toString());
            }
        }

        @Override
        public void close(int code, String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException | RuntimeException e) {
                log.debug("Could not close WebSocket {}: {}", session.getId(), e.toString());
            }
        }

        @Override
        public void abort() {
            // The Jakarta API cannot drop a connection without a close frame: close it instead.
            close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "no answer to a ping");
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }
    }
}
