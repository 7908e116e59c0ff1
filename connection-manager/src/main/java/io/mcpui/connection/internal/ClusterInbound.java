package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;
import java.util.Map;

/**
 * What other nodes send to this node through the backplane. Messages to a session arrive without
 * {@code seq}; this node, which holds the session, numbers them like its own.
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
        return Math.max(0, sendHere(sessionId, payload));
    }

    @Override
    public void deliverRequest(
            String originNode, String sessionId, String requestId, String payload, Duration timeout) {
        RequestTable.RelayedRequest relay = requests.relay(requestId, sessionId, originNode, timeout, backplane);
        int reached = sendHere(sessionId, payload);
        if (reached == SessionRegistry.NOT_HERE || (reached == 0 && !options.resumable())) {
            relay.sessionClosed(
                    reached == 0 ? "its connections are not reading their messages" : "it is no longer connected");
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

    /** Numbers another node's message for this node's connections of the session. */
    private int sendHere(String sessionId, String payload) {
        Map<String, Object> message = codec.decode(payload); // outside the session's lock
        return registry.send(sessionId, seq -> codec.encode(message, Map.of(DefaultConnectionManager.SEQ_FIELD, seq)));
    }
}
