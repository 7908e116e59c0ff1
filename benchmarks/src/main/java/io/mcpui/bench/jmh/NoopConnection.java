package io.mcpui.bench.jmh;

import io.mcpui.connection.Connection;
import io.mcpui.connection.SendCallback;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A connection whose sends complete at once, inline; optionally it looks at what it is sent. */
final class NoopConnection implements Connection {

    private static final AtomicLong IDS = new AtomicLong();

    private final String id = "noop-" + IDS.incrementAndGet();
    private final @Nullable Consumer<String> onSend;

    NoopConnection(@Nullable Consumer<String> onSend) {
        this.onSend = onSend;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendText(String text, SendCallback callback) {
        if (onSend != null) {
            onSend.accept(text);
        }
        callback.succeeded();
    }

    @Override
    public void close(int code, String reason) {}

    @Override
    public @Nullable SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
