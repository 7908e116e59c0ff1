package io.mcpui.connection.internal;

import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.TooManyPendingRequestsException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.spi.Reach;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where outbound messages go: to a session, wherever it is held, or to everyone. Each message is
 * encoded once. A node alone numbers ({@code seq}) and delivers its sessions' messages itself; in a
 * cluster the backplane numbers each once, records it, and delivers it to the holding nodes.
 * Request ids start with this node's id, so that a reply finds its way back from any node.
 */
final class SessionRouter {

    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    /** Between a request id's node prefix and its number. */
    private static final char REQUEST_ID_SEPARATOR = '.';

    private final ConnectionManagerOptions options;
    private final SessionRegistry registry;
    private final Delivery delivery;
    private final RequestTable requests;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Counters counters;
    private final String requestIdPrefix;
    private final AtomicLong requestCounter = new AtomicLong();

    SessionRouter(
            ConnectionManagerOptions options,
            SessionRegistry registry,
            Delivery delivery,
            RequestTable requests,
            Backplane backplane,
            JsonCodec codec,
            Counters counters) {
        this.options = options;
        this.registry = registry;
        this.delivery = delivery;
        this.requests = requests;
        this.backplane = backplane;
        this.codec = codec;
        this.counters = counters;
        this.requestIdPrefix = backplane.nodeId() + REQUEST_ID_SEPARATOR;
    }

    /** See {@code ConnectionManager.sendToSession}. */
    int sendToSession(String sessionId, Object message) {
        return sendText(sessionId, OutboundText.encode(codec, message, OutboundText.SEQ));
    }

    /**
     * Sends an encoded message (without {@code seq}) to the session: a node alone numbers and
     * delivers it itself; in a cluster the backplane numbers and records it and delivers it to
     * every node that holds the session, this one included.
     */
    private int sendText(String sessionId, String text) {
        Reach reach = backplane.clustered() ? backplane.sendToSession(sessionId, text) : registry.send(sessionId, text);
        if (!reach.held()) {
            throw new SessionNotFoundException(sessionId);
        }
        return reach.connections();
    }

    /** See {@code ConnectionManager.broadcast}. */
    int broadcast(Object message) {
        String text = OutboundText.encode(codec, message);
        return delivery.toAll(registry.all(), text) + backplane.broadcast(text);
    }

    /** See {@code ConnectionManager.request}. */
    CompletableFuture<InboundMessage> request(String sessionId, Object message, Duration timeout) {
        String text = OutboundText.encode(codec, message, OutboundText.SEQ, OutboundText.REQUEST_ID);
        if (requests.size() >= options.maxPendingRequests()) {
            return CompletableFuture.failedFuture(
                    new TooManyPendingRequestsException(sessionId, options.maxPendingRequests()));
        }
        String requestId = requestIdPrefix + Long.toString(requestCounter.incrementAndGet(), 36);
        String withId = OutboundText.withRequestId(text, requestId);
        RequestTable.LocalRequest request = requests.register(requestId, sessionId, timeout);
        counters.requestsSent.increment();
        request.future.whenComplete((reply, failure) -> {
            if (request.future.isCancelled()) {
                cancelled(sessionId, requestId);
            }
        });
        Reach reach;
        try {
            reach = backplane.clustered()
                    ? backplane.sendRequest(sessionId, requestId, withId, timeout)
                    : registry.send(sessionId, withId);
        } catch (ClusterUnavailableException e) {
            request.fail(e);
            return request.future;
        }
        if (!reach.held()) {
            request.fail(new SessionNotFoundException(sessionId));
        } else if (reach.connections() == 0 && !options.resumable()) {
            request.fail(new ConnectionManagerException(
                    ConnectionManagerException.Reason.PAGE_NOT_READING,
                    sessionId,
                    "Request " + requestId + " could not be queued to session " + sessionId
                            + ": its connections are not reading their messages"));
        }
        return request.future;
    }

    /** The asker gave up: the page hears of it, wherever it is, so it can stop working. */
    private void cancelled(String sessionId, String requestId) {
        counters.requestsCancelled.increment();
        try {
            sendText(sessionId, OutboundText.cancel(requestId));
        } catch (ConnectionManagerException | IllegalStateException e) {
            log.debug(
                    "Could not tell session {} that request {} was cancelled: {}", sessionId, requestId, e.toString());
        }
    }

    /** The node that asked request {@code requestId}, from its prefix; {@code null} if it has none. */
    static @Nullable String originOf(String requestId) {
        int dot = requestId.indexOf(REQUEST_ID_SEPARATOR);
        return dot > 0 ? requestId.substring(0, dot) : null;
    }
}
