package io.mcpui.connection.internal;

import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.RequestTimeoutException;
import io.mcpui.connection.SessionClosedException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.Scheduler;
import io.mcpui.connection.spi.Scheduler.Cancellable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Requests waiting for a reply, by {@code request_id}. Two kinds wait here: this node's own
 * requests ({@link LocalRequest}, a future), and requests another node sent to a session held
 * here ({@link RelayedRequest}, whose reply goes back through the backplane). Every entry leaves
 * the table however it ends: reply, timeout, cancellation, session close, shutdown.
 */
final class RequestTable {

    /** One waiting request. */
    sealed interface Waiter permits LocalRequest, RelayedRequest {
        /** The session that was asked; only its connections may answer. */
        String sessionId();

        void replied(InboundMessage reply, String replyText);

        void sessionClosed(String reason);
    }

    private final ConcurrentHashMap<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Runnable onTimeout;

    /** @param onTimeout told of each of this node's requests that timed out */
    RequestTable(Scheduler scheduler, Runnable onTimeout) {
        this.scheduler = scheduler;
        this.onTimeout = onTimeout;
    }

    /**
     * Registers one of this node's requests; its future times out after {@code timeout}. Every
     * way the table completes the future takes the entry out first, so whoever sees the outcome
     * sees the table without it; a future completed or cancelled from outside is taken out after.
     */
    @SuppressWarnings(
            "FutureReturnValueIgnored") // whenComplete registers a clean-up callback; its result is not needed
    LocalRequest register(String requestId, String sessionId, Duration timeout) {
        LocalRequest request = new LocalRequest(requestId, sessionId, this);
        waiters.put(requestId, request);
        Cancellable timer = scheduler.schedule(
                () -> {
                    if (request.fail(new RequestTimeoutException(sessionId, requestId, timeout))) {
                        onTimeout.run();
                    }
                },
                timeout);
        request.future.whenComplete((reply, failure) -> {
            waiters.remove(requestId, request);
            timer.cancel();
        });
        return request;
    }

    /** Registers another node's request to a session held here; forgotten after {@code timeout}. */
    RelayedRequest relay(String requestId, String sessionId, String originNode, Duration timeout, Backplane backplane) {
        RelayedRequest relay = new RelayedRequest(requestId, sessionId, originNode, backplane, this);
        waiters.put(requestId, relay);
        relay.expiry = scheduler.schedule(() -> waiters.remove(requestId, relay), timeout);
        return relay;
    }

    @Nullable
    Waiter get(String requestId) {
        return waiters.get(requestId);
    }

    /** Fails every request to the session (it ended); forgets other nodes' requests to it. */
    void sessionClosed(String sessionId, String reason) {
        for (Waiter waiter : waiters.values()) {
            if (waiter.sessionId().equals(sessionId)) {
                waiter.sessionClosed(reason);
            }
        }
    }

    /** Fails every request, for shutdown. */
    void closeAll(String reason) {
        for (Waiter waiter : waiters.values()) {
            waiter.sessionClosed(reason);
        }
    }

    int size() {
        return waiters.size();
    }

    private boolean remove(String requestId, Waiter waiter) {
        return waiters.remove(requestId, waiter);
    }

    /** This node's request; the table entry goes when the future completes, however it does. */
    static final class LocalRequest implements Waiter {
        private final String requestId;
        private final String sessionId;
        private final RequestTable table;
        final CompletableFuture<InboundMessage> future = new CompletableFuture<>();

        LocalRequest(String requestId, String sessionId, RequestTable table) {
            this.requestId = requestId;
            this.sessionId = sessionId;
            this.table = table;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public void replied(InboundMessage reply, String replyText) {
            table.remove(requestId, this);
            future.complete(reply);
        }

        @Override
        public void sessionClosed(String reason) {
            fail(new SessionClosedException(sessionId, reason));
        }

        /** Fails the request; {@code false} if it had ended already. */
        boolean fail(Throwable cause) {
            table.remove(requestId, this);
            return future.completeExceptionally(cause);
        }
    }

    /** Another node's request to a session held here: its outcome goes back to that node. */
    static final class RelayedRequest implements Waiter {
        private final String requestId;
        private final String sessionId;
        private final String originNode;
        private final Backplane backplane;
        private final RequestTable table;
        volatile @Nullable Cancellable expiry;

        RelayedRequest(String requestId, String sessionId, String originNode, Backplane backplane, RequestTable table) {
            this.requestId = requestId;
            this.sessionId = sessionId;
            this.originNode = originNode;
            this.backplane = backplane;
            this.table = table;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public void replied(InboundMessage reply, String replyText) {
            if (end()) {
                backplane.forwardReply(originNode, sessionId, requestId, replyText);
            }
        }

        /** The origin hears of the session's end from the cluster itself. */
        @Override
        public void sessionClosed(String reason) {
            end();
        }

        /** Takes this entry out of the table; {@code true} for the one caller that did. */
        private boolean end() {
            Cancellable timer = expiry;
            if (timer != null) {
                timer.cancel();
            }
            return table.remove(requestId, this);
        }
    }
}
