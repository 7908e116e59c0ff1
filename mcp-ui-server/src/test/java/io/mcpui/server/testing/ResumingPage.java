package io.mcpui.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A page that stays with its session as the browser client ({@code mcp-ui-client.js}) does: it
 * keeps the last {@code seq} it saw, drops messages it has seen, and reconnects with {@code
 * last_seq} when its WebSocket closes: at once (within 250 ms) after 1012, else after 250 to 500
 * ms, doubling up to 15 s. It records the {@code n} of every message it keeps, and the longest
 * time it went without one.
 */
public final class ResumingPage implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ScheduledExecutorService RECONNECTS = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "resuming-page");
        thread.setDaemon(true);
        return thread;
    });

    private final URI endpoint;
    private final String sessionId;
    private final List<Long> received = new ArrayList<>(); // guarded by this
    private long lastSeq = -1; // guarded by this
    private long lastArrivalNanos; // guarded by this
    private long longestGapNanos; // guarded by this
    private int resyncs; // guarded by this
    private int reconnects; // guarded by this
    private int attempt; // guarded by this
    private boolean closed; // guarded by this
    private WebSocket socket; // guarded by this

    private ResumingPage(URI endpoint, String sessionId) {
        this.endpoint = endpoint;
        this.sessionId = sessionId;
    }

    /** A page of {@code sessionId} on the WebSocket {@code endpoint} (e.g. {@code ws://host:port/button/ws}). */
    public static ResumingPage open(URI endpoint, String sessionId) {
        ResumingPage page = new ResumingPage(endpoint, sessionId);
        page.connect();
        return page;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The {@code n} of every message kept, in the order they arrived. */
    public synchronized List<Long> received() {
        return List.copyOf(received);
    }

    /** Whether it has a message with this {@code n}. */
    public synchronized boolean has(long n) {
        return received.contains(n);
    }

    /** The longest time between two messages, once the first arrived. */
    public synchronized Duration longestGap() {
        return Duration.ofNanos(longestGapNanos);
    }

    public synchronized int resyncs() {
        return resyncs;
    }

    public synchronized int reconnects() {
        return reconnects;
    }

    /** Whether it is connected right now. */
    public synchronized boolean connected() {
        return socket != null && !socket.isOutputClosed();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (socket != null) {
            socket.abort();
        }
    }

    private void connect() {
        String query = "session_id=" + sessionId;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (lastSeq >= 0) {
                query += "&last_seq=" + lastSeq;
            }
        }
        HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(endpoint + "?" + query), new Listener())
                .whenComplete((opened, failure) -> {
                    if (failure != null) {
                        reconnectLater(false);
                    } else {
                        synchronized (this) {
                            socket = opened;
                            attempt = 0;
                        }
                    }
                });
    }

    private void reconnectLater(boolean restart) {
        long delayMillis;
        synchronized (this) {
            if (closed) {
                return;
            }
            socket = null;
            reconnects++;
            long ceiling = Math.min(15_000, 500L << Math.min(attempt, 5));
            attempt++;
            delayMillis = restart
                    ? ThreadLocalRandom.current().nextLong(250)
                    : ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2);
        }
        RECONNECTS.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void arrived(String text) {
        Map<String, Object> message = JSON.readValue(text, OBJECT);
        if (!(message.get("seq") instanceof Number seq)) {
            return; // pongs, broadcasts
        }
        if ("resync".equals(message.get("type"))) {
            resyncs++;
            lastSeq = seq.longValue();
            return;
        }
        if (seq.longValue() <= lastSeq) {
            return; // seen already, as the browser client drops it
        }
        lastSeq = seq.longValue();
        long now = System.nanoTime();
        if (lastArrivalNanos != 0) {
            longestGapNanos = Math.max(longestGapNanos, now - lastArrivalNanos);
        }
        lastArrivalNanos = now;
        if (message.get("n") instanceof Number n) {
            received.add(n.longValue());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                arrived(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reconnectLater(statusCode == 1012);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reconnectLater(false);
        }
    }
}
