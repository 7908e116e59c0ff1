package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;
import java.util.List;

/**
 * What reaches this node from the cluster: messages the cluster numbered for sessions held here,
 * other nodes' requests to them, replies and failures for this node's requests, broadcasts, and
 * sessions that ended everywhere.
 */
final class ClusterInbound implements BackplaneReceiver {

    private final SessionRegistry registry;
    private final Delivery delivery;
    private final RequestTable requests;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Counters counters;
    private final ConnectionManagerOptions options;
    private final String reason;

    /** @param endedReason why requests fail when their session ends */
    ClusterInbound(
            SessionRegistry registry,
            Delivery delivery,
            RequestTable requests,
            Backplane backplane,
            JsonCodec codec,
            Counters counters,
            ConnectionManagerOptions options,
            String endedReason) {
        this.registry = registry;
        this.delivery = delivery;
        this.requests = requests;
        this.backplane = backplane;
        this.codec = codec;
        this.counters = counters;
        this.options = options;
        this.reason = endedReason;
    }

    @Override
    public int deliverToSession(String sessionId, long seq, String text) {
        return registry.deliverNumbered(sessionId, seq, text, true);
    }

    @Override
    public void deliverRequest(
            String originNode, String sessionId, long seq, String requestId, String text, Duration timeout) {
        boolean toConnections = true;
        if (!originNode.equals(backplane.nodeId())) {
            if (requests.size() >= options.maxPendingRequests()) {
                backplane.refuseRequest(
                        originNode,
                        requestId,
                        sessionId,
                        "the node that holds it has " + options.maxPendingRequests()
                                + " requests waiting already; try again shortly");
                toConnections = false; // still numbered and kept, so the numbering stays whole
            } else {
                requests.relay(requestId, sessionId, originNode, timeout, backplane);
            }
        }
        registry.deliverNumbered(sessionId, seq, text, toConnections);
    }

    @Override
    public int deliverBroadcast(String payload) {
        return delivery.toAll(registry.all(), payload);
    }

    @Override
    public void completeRequest(String sessionId, String requestId, String replyText) {
        if (!(requests.get(requestId) instanceof RequestTable.LocalRequest request)) {
            counters.unmatchedReplies.increment(); // answered, timed out or cancelled meanwhile
            return;
        }
        if (!request.sessionId().equals(sessionId)) {
            counters.rejectedReplies.increment();
            return;
        }
        try {
            request.replied(new DecodedMessage(null, sessionId, codec.decode(replyText), codec), replyText);
        } catch (IllegalArgumentException e) {
            request.fail(new ConnectionManagerException(
                    ConnectionManagerException.Reason.MALFORMED_REPLY,
                    sessionId,
                    "Session " + sessionId + " replied to request " + requestId + " with a malformed message",
                    e));
        }
    }

    @Override
    public void requestRefused(String requestId, String sessionId, String reason) {
        if (requests.get(requestId) instanceof RequestTable.LocalRequest request) {
            request.fail(new ConnectionManagerException(
                    ConnectionManagerException.Reason.TOO_MANY_PENDING_REQUESTS,
                    sessionId,
                    "Session " + sessionId + " could not take request " + requestId + ": " + reason));
        }
    }

    @Override
    public void sessionEnded(String sessionId) {
        requests.sessionClosed(sessionId, reason);
    }

    @Override
    public List<HeldSession> heldSessions() {
        return registry.heldSessions();
    }
}
