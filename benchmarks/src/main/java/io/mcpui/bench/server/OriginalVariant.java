package io.mcpui.bench.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.jspecify.annotations.Nullable;

/**
 * A Java port of the original Python algorithm: one list of connections and a dict of sessions
 * behind one lock, disconnect by linear scan, and broadcast as a sequence of sends each awaited
 * before the next (as {@code await websocket.send_text(...)} in a loop). One peer that stops
 * reading stalls every broadcast behind it.
 */
final class OriginalVariant implements Variant {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final List<Session> activeConnections = new ArrayList<>();
    private final Map<String, Session> sessionConnections = new HashMap<>();

    @Override
    public WebSocketCreator creator() {
        return (request, response, callback) -> {
            response.setExtensions(List.of());
            return new Endpoint(Control.sessionId(request));
        };
    }

    @Override
    public synchronized int connections() {
        return activeConnections.size();
    }

    private synchronized void connect(Session session, @Nullable String sessionId) {
        activeConnections.add(session);
        if (sessionId != null) {
            sessionConnections.put(sessionId, session);
        }
    }

    private synchronized void disconnect(Session session) {
        activeConnections.remove(session); // a linear scan, as the original
        sessionConnections.values().removeIf(each -> each == session); // and another one
    }

    private synchronized List<Session> snapshot() {
        return new ArrayList<>(activeConnections);
    }

    private synchronized @Nullable Session lookup(String sessionId) {
        return sessionConnections.get(sessionId);
    }

    private static void sendAndWait(Session session, String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the original logged and went on
        }
    }

    /** One WebSocket. Public: Jetty calls listeners through method handles. */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private final @Nullable String sessionId;
        private @Nullable Session session;

        Endpoint(@Nullable String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            connect(session, sessionId);
        }

        @Override
        public void onWebSocketText(String text) {
            Control.Command command = Control.parse(Control.decode(text));
            if (command == null) {
                return;
            }
            String outgoing = Control.encode(command.outgoing());
            if (command.to() != null) {
                Session target = lookup(command.to());
                if (target != null) {
                    sendAndWait(target, outgoing);
                }
            } else {
                for (Session each : snapshot()) {
                    sendAndWait(each, outgoing);
                }
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
            if (session != null) {
                disconnect(session);
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (session != null) {
                disconnect(session);
            }
        }
    }
}
