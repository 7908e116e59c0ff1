package io.mcpui.connection.testkit;

import io.mcpui.connection.Connection;
import io.mcpui.connection.SendCallback;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link Connection} that records what it was sent and how it was closed. By
 * default every send completes at once, on the sending thread; {@link #hold()} makes sends wait
 * until {@link #release(int)}, like a peer that stopped reading.
 */
public final class RecordingConnection implements Connection {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "test-" + IDS.incrementAndGet();
    private final List<String> sent = new ArrayList<>();
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    private boolean holding;
    private volatile boolean open = true;
    private volatile int closeCode;
    private volatile @Nullable String closeReason;
    private volatile @Nullable RuntimeException sendFailure;

    private record Pending(String text, SendCallback callback) {}

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendText(String text, SendCallback callback) {
        RuntimeException failure = sendFailure;
        if (failure != null) {
            callback.failed(failure);
            return;
        }
        synchronized (this) {
            if (holding) {
                held.add(new Pending(text, callback));
                return;
            }
        }
        record(text);
        callback.succeeded();
    }

    @Override
    public void close(int code, String reason) {
        if (open) {
            open = false;
            closeCode = code;
            closeReason = reason;
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("test", 0);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** A snapshot of the texts completed so far, in order. */
    public List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    private void record(String text) {
        synchronized (sent) {
            sent.add(text);
        }
    }

    /** From now on, sends wait for {@link #release(int)}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Completes up to {@code count} held sends; the rest keep waiting. */
    public void release(int count) {
        for (int i = 0; i < count; i++) {
            Pending next;
            synchronized (this) {
                next = held.poll();
                if (next == null) {
                    holding = false;
                    return;
                }
            }
            record(next.text());
            next.callback().succeeded();
        }
    }

    /**
     * Stops holding and completes everything held; later sends complete at once, inline, on
     * the sending thread.
     */
    public void releaseAll() {
        List<Pending> toComplete;
        synchronized (this) {
            holding = false;
            toComplete = new ArrayList<>(held);
            held.clear();
        }
        for (Pending pending : toComplete) {
            record(pending.text());
            pending.callback().succeeded();
        }
    }

    /** Sends waiting in the transport (at most one, if the manager keeps its promise). */
    public synchronized int heldCount() {
        return held.size();
    }

    /** From now on every send fails with {@code failure}. */
    public void failSends(RuntimeException failure) {
        sendFailure = failure;
    }

    public int closeCode() {
        return closeCode;
    }

    public @Nullable String closeReason() {
        return closeReason;
    }
}
