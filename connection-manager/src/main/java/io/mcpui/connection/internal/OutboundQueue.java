package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.SendCallback;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One connection's outbound messages: bounded by count and characters, sent one at a time.
 *
 * <p>The transport gets the next message only when it has completed the previous one, so
 * whatever a slow peer has not read waits here, where it is bounded, and not in the transport's
 * unbounded buffers. Whoever offers to an idle queue sends on its own thread; later messages are
 * sent by the thread that completes the previous send. A send that completes inline (before
 * {@code sendText} returns) is continued by the loop in {@link #pump()} instead of recursing.
 */
final class OutboundQueue implements SendCallback {

    /** What became of an offered message. */
    enum Offer {
        QUEUED,
        FULL,
        CLOSED
    }

    private enum State {
        /** Nothing is being sent. */
        IDLE,
        /** A pumping thread is inside {@code sendText}. */
        SENDING,
        /** The send completed while the pumping thread was still inside {@code sendText}. */
        SENT_INLINE,
        /** {@code sendText} returned; the send is on the network, its callback still to come. */
        AWAITING_CALLBACK
    }

    private final Connection connection;
    private final int maxMessages;
    private final long maxChars;
    private final Consumer<Throwable> onSendFailure;
    // Usually empty (a message goes out at once): start small, grow for a slow peer.
    private final ArrayDeque<String> queue = new ArrayDeque<>(1);
    private long queuedChars;
    private State state = State.IDLE;
    private boolean closed;

    OutboundQueue(Connection connection, int maxMessages, long maxChars, Consumer<Throwable> onSendFailure) {
        this.connection = connection;
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
        this.onSendFailure = onSendFailure;
    }

    /** Queues {@code text}, and sends it on this thread if nothing else is being sent. */
    Offer offer(String text) {
        synchronized (this) {
            if (closed) {
                return Offer.CLOSED;
            }
            // An empty queue takes any one message, so a message larger than the limit can
            // still reach a peer that keeps up.
            if (!queue.isEmpty() && (queue.size() >= maxMessages || queuedChars + text.length() > maxChars)) {
                return Offer.FULL;
            }
            queue.add(text);
            queuedChars += text.length();
            if (state != State.IDLE) {
                return Offer.QUEUED;
            }
            state = State.SENDING;
        }
        pump();
        return Offer.QUEUED;
    }

    /** Drops what is queued and refuses further messages. */
    synchronized void close() {
        closed = true;
        queue.clear();
        queuedChars = 0;
    }

    @Override
    public void succeeded() {
        synchronized (this) {
            if (state == State.SENDING) {
                state = State.SENT_INLINE;
                return;
            }
            state = State.SENDING;
        }
        pump();
    }

    @Override
    public void failed(Throwable cause) {
        synchronized (this) {
            state = State.IDLE;
            if (closed) {
                return; // already given up on: nobody needs to hear about it again
            }
        }
        close();
        onSendFailure.accept(cause);
    }

    /** Sends queued messages while sends complete inline; the caller owns state SENDING. */
    private void pump() {
        while (true) {
            String next;
            synchronized (this) {
                next = queue.poll();
                if (next == null || closed) {
                    state = State.IDLE;
                    return;
                }
                queuedChars -= next.length();
                state = State.SENDING;
            }
            try {
                connection.sendText(next, this);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            synchronized (this) {
                if (state != State.SENT_INLINE) {
                    if (state == State.SENDING) {
                        state = State.AWAITING_CALLBACK;
                    }
                    return;
                }
            }
        }
    }
}
