package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
    private final Consumer<Connection> disconnect;

    ClusterInbound(
            SessionRegistry registry,
            Delivery delivery,
            RequestTable requests,
            Backplane backplane,
            JsonCodec codec,
            Counters counters,
            ConnectionManagerOptions options,
            Consumer<Connection> disconnect) {
        this.registry = registry;
        this.delivery = delivery;
        this.requests = requests;
        this.backplane = backplane;
        this.codec = codec;
        this.counters = counters;
        this.options = options;
        this.disconnect = disconnect;
    }

    @Override
    public int deliverToSession(String sessionId, String payload) {
        return Math.max(0, sendHere(sessionId, payload));
    }

    @Override
    public void deliverRequest(
            String originNode, String sessionId, String requestId, String payload, Duration timeout) {
        if (!registry.hasSession(sessionId)) {
            backplane.forwardFailure(originNode, requestId, sessionId, "it is no longer connected");
            return;
        }
        requests.relay(requestId, sessionId, originNode, timeout, backplane);
        int reached = sendHere(sessionId, payload);
        if (reached == SessionRegistry.NOT_HERE || (reached == 0 && !options.resumable())) {
            RequestTable.Waiter relay = requests.get(requestId);
            if (relay != null) {
                relay.sessionClosed(
                        reached == 0 ? "its connections are not reading their messages" : "it is no longer connected");
            }
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

    private int sendHere(String sessionId, String payload) {
        List<Peer> overflowed = new ArrayList<>(0);
        int reached = registry.send(
                sessionId,
                seq -> codec.encode(codec.decode(payload), Map.of(DefaultConnectionManager.SEQ_FIELD, seq)),
                overflowed);
        for (Peer peer : overflowed) {
            disconnect.accept(peer.connection);
        }
        return reached;
    }
}
