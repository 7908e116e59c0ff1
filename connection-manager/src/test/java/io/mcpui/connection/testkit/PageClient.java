package io.mcpui.connection.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test stand-in for a browser page: a real WebSocket client (the JDK's) that collects the
 * text messages it receives. It reads one message at a time, so {@link #pauseReading()} makes it
 * a peer that stops reading, with what the kernel buffers as the only slack.
 */
public final class PageClient implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** How a connection ended: the close code and reason, or 1006 if it broke without one. */
    public record CloseStatus(int code, String reason) {}

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final WebSocket webSocket;
    private final AtomicInteger pings = new AtomicInteger();
    private volatile boolean paused;

    private PageClient(URI uri) throws Exception {
        webSocket = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    /** Opens a WebSocket to {@code uri} and waits (bounded) until it is open. */
    public static PageClient connect(URI uri) throws Exception {
        return new PageClient(uri);
    }

    public void send(String text) {
        webSocket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] bytes) {
        webSocket
                .sendBinary(ByteBuffer.wrap(bytes), true)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** The next message, waiting at most {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("No message within " + timeout);
        }
        return message;
    }

    /** Messages received and not yet taken. */
    public BlockingQueue<String> messages() {
        return messages;
    }

    /** Stops asking for messages: the server's writes pile up in the sockets, then in its queue. */
    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        webSocket.request(1);
    }

    /** Protocol pings received from the server (the client answers each with a pong). */
    public int pingsReceived() {
        return pings.get();
    }

    /** Completes when the server closes the connection, or it breaks. */
    public CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    /** Drops the TCP connection without a close handshake, like a killed browser. */
    public void abort() {
        webSocket.abort();
    }

    @Override
    public void close() {
        if (!webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
        }
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseStatus(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new CloseStatus(1006, String.valueOf(error.getMessage())));
        }
    }
}
