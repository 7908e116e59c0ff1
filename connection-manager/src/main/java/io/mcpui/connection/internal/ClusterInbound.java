package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;

/** What other nodes send to this node through the backplane. */
final class ClusterInbound implements BackplaneReceiver {

    private final SessionRegistry registry;
    private final Delivery delivery;
    private final RequestTable requests;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Counters counters;

    ClusterInbound(
            SessionRegistry registry,
            Delivery delivery,
            RequestTable requests,
            Backplane backplane,
            JsonCodec codec,
            Counters counters) {
        this.registry = registry;
        this.delivery = delivery;
        this.requests = requests;
        this.backplane = backplane;
        this.codec = codec;
        this.counters = counters;
    }

    @Override
    public int deliverToSession(String sessionId, String payload) {
        return delivery.toSession(registry.session(sessionId), payload);
    }

    @Override
    public void deliverRequest(
            String originNode, String sessionId, String requestId, String payload, Duration timeout) {
        Peer[] local = registry.session(sessionId);
        if (local.length == 0) {
            backplane.forwardFailure(originNode, requestId, sessionId, "it is no longer connected");
            return;
        }
        requests.relay(requestId, sessionId, originNode, timeout, backplane);
        if (delivery.toSession(local, payload) == 0) {
            RequestTable.Waiter relay = requests.get(requestId);
            if (relay != null) {
                relay.sessionClosed("its connections are not reading their messages");
            }
        }
    }

    @Override
    public int deliverBroadcast(String payload) {
        return delivery.toAll(payload);
    }

    @Override
    public void completeRequest(String requestId, String replyText) {
        if (!(requests.get(requestId) instanceof RequestTable.LocalRequest request)) {
            counters.unmatchedReplies.increment(); // timed out or cancelled meanwhile
            return;
        }
        try {
            request.replied(new InboundMessage(null, request.sessionId(), codec.decode(replyText), codec), replyText);
        } catch (IllegalArgumentException e) {
            request.fail(new ConnectionManagerException(
                    "Session " + request.sessionId() + " replied to request " + requestId + " with a malformed message",
                    e));
        }
    }

    @Override
    public void failRequest(String requestId, String sessionId, String reason) {
        if (requests.get(requestId) instanceof RequestTable.LocalRequest request) {
            request.sessionClosed(reason);
        }
    }
}
