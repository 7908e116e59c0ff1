package io.mcpui.bench.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bare Jetty with the product's surface, the reference the unified server is measured against:
 * pages on {@code /button/ws?session_id=…} (a {@code {"type":"ping"}} is answered with a pong),
 * {@code POST /api/button/sessions/{id}/messages} and {@code POST /api/button/broadcast}, whose
 * JSON body is checked to be an object and sent as it is. A map of sessions, one {@code sendText}
 * per message, no queue of its own, no metrics, no checks: what Jetty costs.
 * {@code --port N}; prints {@code ready <port>}.
 */
public final class BareProductServer {

    private static final String PING = "{\"type\":\"ping\"}";
    private static final String PONG = "{\"type\":\"pong\"}";
    private static final String SESSIONS = "/api/button/sessions/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Session> all = ConcurrentHashMap.newKeySet();

    private BareProductServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
        BareProductServer bare = new BareProductServer();
        Server server = new Server(new QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(
                server,
                context,
                container -> container.addMapping("/button/ws", (request, response, callback) -> {
                    response.setExtensions(java.util.List.of());
                    Fields query = Request.extractQueryParameters(request);
                    return bare.new Endpoint(query.getValue("session_id"));
                }));
        webSockets.setHandler(bare.new Api());
        context.setHandler(webSockets);
        server.setHandler(context);
        server.start();
        System.out.println("ready " + connector.getLocalPort() + " bare-product");
        server.join();
    }

    /** The admin API's two sends. */
    private final class Api extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (!HttpMethod.POST.is(request.getMethod())) {
                return false;
            }
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (!isObject(body)) {
                Response.writeError(request, response, callback, 400, "the body must be a JSON object");
                return true;
            }
            int delivered = 0;
            if (path.equals("/api/button/broadcast")) {
                for (Session each : all) {
                    each.sendText(body, org.eclipse.jetty.websocket.api.Callback.NOOP);
                    delivered++;
                }
            } else if (path.startsWith(SESSIONS) && path.endsWith("/messages")) {
                Session target = sessions.get(path.substring(SESSIONS.length(), path.length() - "/messages".length()));
                if (target == null) {
                    Response.writeError(request, response, callback, 404, "no such session");
                    return true;
                }
                target.sendText(body, org.eclipse.jetty.websocket.api.Callback.NOOP);
                delivered = 1;
            } else {
                return false;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(
                    true,
                    ByteBuffer.wrap(("{\"delivered\":" + delivered + "}").getBytes(StandardCharsets.UTF_8)),
                    callback);
            return true;
        }

        /** Whether the body is one well-formed JSON object, read as tokens (no tree). */
        private static boolean isObject(String body) {
            try (JsonParser parser = JSON.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return false;
                }
                parser.skipChildren();
                return parser.nextToken() == null;
            } catch (JacksonException e) {
                return false;
            }
        }
    }

    /** One page. Public: Jetty calls listeners through method handles. */
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
            Session current = session;
            if (current != null && PING.equals(text)) {
                current.sendText(PONG, org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(
                int statusCode, @Nullable String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            forget();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            forget();
        }

        private void forget() {
            Session current = session;
            if (current != null) {
                all.remove(current);
                if (sessionId != null) {
                    sessions.remove(sessionId, current);
                }
            }
        }
    }
}
