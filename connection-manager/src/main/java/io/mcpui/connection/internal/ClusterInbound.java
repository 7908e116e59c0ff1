package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.spi.Reach;
import java.time.Duration;

/**
 * What other nodes send to this node through the backplane. Messages to a session arrive encoded,
 * without {@code seq}; this node, which holds the session, numbers them like its own.
 */
final class ClusterInbound implements BackplaneReceiver {

    private final SessionRegistry registry;
    private final Delivery delivery;
    private final RequestTable requests;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Counters counters;
    private final ConnectionManagerOptions options;

    ClusterInbound(
            SessionRegistry registry,
            Delivery delivery,
            RequestTable requests,
            Backplane backplane,
            JsonCodec codec,
            Counters counters,
            ConnectionManagerOptions options) {
        this.registry = registry;
        this.delivery = delivery;
        this.requests = requests;
        this.backplane = backplane;
        this.codec = codec;
        this.counters = counters;
        this.options = options;
    }

    @Override
    public int deliverToSession(String sessionId, String payload) {
        return registry.send(sessionId, payload).connections();
    }

    @Override
    public void deliverRequest(
            String originNode, String sessionId, String requestId, String payload, Duration timeout) {
        RequestTable.RelayedRequest relay = requests.relay(requestId, sessionId, originNode, timeout, backplane);
        Reach reach = registry.send(sessionId, payload);
        if (!reach.held()) {
            relay.sessionClosed("it is no longer connected");
        } else if (reach.connections() == 0 && !options.resumable()) {
            relay.sessionClosed("its connections are not reading their messages");
        }
    }

    @Override
    public int deliverBroadcast(String payload) {
        return delivery.toAll(registry.all(), payload);
    }

    @Override
    public void completeRequest(String requestId, String replyText) {
        if (!(requests.get(requestId) instanceof RequestTable.LocalRequest request)) {
            counters.unmatchedReplies.increment(); // timed out or cancelled meanwhile
            return;
        }
        try {
            request.replied(new DecodedMessage(null, request.sessionId(), codec.decode(replyText), codec), replyText);
        } catch (IllegalArgumentException e) {
            request.fail(new ConnectionManagerException(
                    ConnectionManagerException.Reason.MALFORMED_REPLY,
                    request.sessionId(),
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
