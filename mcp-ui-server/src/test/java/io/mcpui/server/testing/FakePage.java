package io.mcpui.server.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a browser page that speaks the page protocol over a real WebSocket: it records
 * every message, and answers requests with what {@code responder} returns (the reply's {@code
 * request_id} is added here). A responder returning {@code null} leaves the request unanswered.
 */
public final class FakePage implements AutoCloseable {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final JsonMapper json = JsonMapper.builder().build();
    private final BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    private final Function<Map<String, Object>, @Nullable Map<String, Object>> responder;
    private final String sessionId;
    private final @Nullable String token;
    private final WebSocket webSocket;
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private FakePage(
            URI server,
            String app,
            String sessionId,
            @Nullable String token,
            Function<Map<String, Object>, @Nullable Map<String, Object>> responder)
            throws Exception {
        this.sessionId = sessionId;
        this.token = token;
        this.responder = responder;
        String query = "?session_id=" + sessionId + (token == null ? "" : "&token=" + token);
        URI uri = URI.create(server.toString().replaceFirst("^http", "ws") + "/" + app + "/ws" + query);
        webSocket = Http.CLIENT
                .newWebSocketBuilder()
                .buildAsync(uri, new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Loads the app's page, as a browser would, and connects with the session id and token it
     * was issued.
     */
    public static FakePage open(
            URI server, String app, Function<Map<String, Object>, @Nullable Map<String, Object>> responder)
            throws Exception {
        Map<String, Object> config = PageConfig.load(server, app);
        return new FakePage(server, app, (String) config.get("sessionId"), (String) config.get("token"), responder);
    }

    /** A page that answers nothing. */
    public static FakePage silent(URI server, String app) throws Exception {
        return open(server, app, message -> null);
    }

    /** Another tab of {@code page}'s session. */
    public static FakePage tabOf(
            FakePage page,
            URI server,
            String app,
            Function<Map<String, Object>, @Nullable Map<String, Object>> responder)
            throws Exception {
        return new FakePage(server, app, page.sessionId, page.token, responder);
    }

    public String sessionId() {
        return sessionId;
    }

    /** Sends a message as the page; one at a time, as a WebSocket allows. */
    public synchronized void send(Map<String, Object> message) {
        webSocket
                .sendText(json.writeValueAsString(message), true)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** The close code the server closed this page's WebSocket with, once it did. */
    public CompletableFuture<Integer> closed() {
        return closeCode;
    }

    /** The next message the page received, waiting at most {@code timeout}. */
    public Map<String, Object> next(Duration timeout) throws InterruptedException {
        Map<String, Object> message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("Page " + sessionId + " received nothing within " + timeout);
        }
        return message;
    }

    /** Drops the connection without a close handshake, as when the network goes away. */
    public void drop() {
        webSocket.abort();
    }

    @Override
    public void close() {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> message = json.readValue(partial.toString(), OBJECT);
                partial.setLength(0);
                received.add(message);
                Map<String, Object> reply = responder.apply(message);
                if (reply != null && message.get("request_id") != null) {
                    Map<String, Object> withId = new LinkedHashMap<>(reply);
                    withId.put("request_id", message.get("request_id"));
                    socket.sendText(json.writeValueAsString(withId), true);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }
    }
}
