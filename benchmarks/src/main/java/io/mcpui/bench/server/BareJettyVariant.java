package io.mcpui.bench.server;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.jspecify.annotations.Nullable;

/**
 * The engine's limit: the same Jetty, a concurrent map of sessions, and a direct {@code sendText}
 * per message, with no queue of its own (Jetty buffers whatever a slow peer does not read).
 */
final class BareJettyVariant implements Variant {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Session> all = ConcurrentHashMap.newKeySet();

    @Override
    public WebSocketCreator creator() {
        return (request, response, callback) -> {
            response.setExtensions(java.util.List.of());
            return new Endpoint(Control.sessionId(request));
        };
    }

    @Override
    public int connections() {
        return all.size();
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
            all.add(session);
            if (sessionId != null) {
                sessions.put(sessionId, session);
            }
        }

        @Override
        public void onWebSocketText(String text) {
            Control.Command command = Control.parse(Control.decode(text));
            if (command == null) {
                return;
            }
            String outgoing = Control.encode(command.outgoing());
            if (command.to() != null) {
                Session target = sessions.get(command.to());
                if (target != null) {
                    target.sendText(outgoing, Callback.NOOP);
                }
            } else {
                for (Session each : all) {
                    each.sendText(outgoing, Callback.NOOP);
                }
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
            forget();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            forget();
        }

        private void forget() {
            if (session != null) {
                all.remove(session);
                if (sessionId != null) {
                    sessions.remove(sessionId, session);
                }
            }
        }
    }
}
