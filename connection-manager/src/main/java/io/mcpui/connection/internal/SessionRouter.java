package io.mcpui.connection.internal;

import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.DeliveryPolicy;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.TooManyPendingRequestsException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.spi.Reach;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where outbound messages go: to this node's connections of a session, to the nodes that hold it,
 * or to everyone. Each message is encoded once; this node numbers its own copy ({@code seq}), and
 * other nodes number theirs.
 */
final class SessionRouter {

    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    private final ConnectionManagerOptions options;
    private final SessionRegistry registry;
    private final Delivery delivery;
    private final RequestTable requests;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Counters counters;
    private final String requestIdPrefix = randomPrefix();
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
    }

    /** See {@code ConnectionManager.sendToSession}. */
    int sendToSession(String sessionId, Object message) {
        return sendText(sessionId, OutboundText.encode(codec, message, OutboundText.SEQ));
    }

    /** Sends an encoded message (without {@code seq}) to the session, here and on other nodes. */
    private int sendText(String sessionId, String text) {
        Reach here = registry.send(sessionId, text);
        // Only the newest connection gets it: if a connection here took it, the others need not.
        boolean newestIsHere = options.deliveryPolicy() == DeliveryPolicy.NEWEST_CONNECTION && here.connections() > 0;
        Reach elsewhere = newestIsHere || !backplane.holdsRemotely(sessionId)
                ? Reach.NOT_HELD
                : sendToOtherNodes(sessionId, text, here.held());
        Reach reach = here.plus(elsewhere);
        if (!reach.held()) {
            throw new SessionNotFoundException(sessionId);
        }
        return reach.connections();
    }

    /**
     * When the cluster is unreachable and this node delivered the message already, the local
     * delivery stands (a caller retrying would duplicate it here); otherwise the failure is the
     * caller's.
     */
    private Reach sendToOtherNodes(String sessionId, String text, boolean deliveredHere) {
        try {
            return backplane.sendToSession(sessionId, text);
        } catch (ClusterUnavailableException e) {
            if (!deliveredHere) {
                throw e;
            }
            log.warn("Session {} reached this node's tabs only: {}", sessionId, e.getMessage());
            return Reach.NOT_HELD;
        }
    }

    /** See {@code ConnectionManager.broadcast}. */
    int broadcast(Object message) {
        String text = OutboundText.encode(codec, message);
        return delivery.toAll(registry.all(), text) + backplane.broadcast(text);
    }

    /**
     * See {@code ConnectionManager.request}. The request goes to this node's connections of the
     * session when it has any, else to the node that holds the session (also when the session
     * only waits to resume here while another node has its page).
     */
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
        boolean movedAway = registry.peersOf(sessionId).length == 0 && backplane.holdsRemotely(sessionId);
        Reach here = movedAway ? Reach.NOT_HELD : registry.send(sessionId, withId);
        if (!here.held()) {
            request.deliveredElsewhere();
            askOtherNodes(request, sessionId, requestId, withId, timeout);
        } else if (here.connections() == 0 && !options.resumable()) {
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

    private void askOtherNodes(
            RequestTable.LocalRequest request, String sessionId, String requestId, String text, Duration timeout) {
        try {
            if (!backplane.sendRequest(sessionId, requestId, text, timeout).held()) {
                request.fail(new SessionNotFoundException(sessionId));
            }
        } catch (ClusterUnavailableException e) {
            request.fail(e);
        }
    }

    private static String randomPrefix() {
        SecureRandom random = new SecureRandom();
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-";
    }
}
