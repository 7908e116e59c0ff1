package io.mcpui.connection.redis.internal;

import io.mcpui.connection.spi.BackplaneReceiver;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between nodes on Redis pub/sub: each node reads its own channel (messages to the
 * sessions it holds, published by {@link ClusterSessions}; replies and refusals of its requests),
 * the broadcast channel and the events channel. What arrives is handed to this node's {@link
 * BackplaneReceiver}, registry events to its {@link ClusterView}. Thread-safe.
 */
public final class ClusterMessaging implements Envelope.Handler {

    private static final Logger log = LoggerFactory.getLogger(ClusterMessaging.class);

    private final RedisLink link;
    private final RedisKeys keys;
    private final String nodeId;
    private final ClusterView view;
    private final BackplaneReceiver receiver;

    public ClusterMessaging(
            RedisLink link, RedisKeys keys, String nodeId, ClusterView view, BackplaneReceiver receiver) {
        this.link = link;
        this.keys = keys;
        this.nodeId = nodeId;
        this.view = view;
        this.receiver = receiver;
    }

    /** Sends to every other node; nobody else while Redis is unreachable. */
    public int broadcast(String payload) {
        if (!link.connected()) {
            log.warn("Redis is unreachable: a broadcast reached this node's connections only");
            return 0;
        }
        link.publish(keys.broadcastChannel(), new Envelope.Broadcast(nodeId, payload));
        return view.connectionCount();
    }

    public void forwardReply(String originNode, String sessionId, String requestId, String replyText) {
        if (link.connected()) {
            link.publish(keys.directChannel(originNode), new Envelope.Reply(nodeId, sessionId, requestId, replyText));
        }
    }

    public void refuseRequest(String originNode, String requestId, String sessionId, String reason) {
        if (link.connected()) {
            link.publish(keys.directChannel(originNode), new Envelope.Refusal(nodeId, requestId, sessionId, reason));
        }
    }

    /**
     * Handles one message from a channel. Messages to sessions come from Redis for every holding
     * node, this one included; of the rest, this node's own are ignored where it acted already.
     */
    public void receive(String text) {
        Envelope envelope = Envelope.decode(link.json(), text);
        if (envelope == null) {
            return;
        }
        try {
            envelope.dispatch(this);
        } catch (RuntimeException e) {
            log.warn("Could not handle a {} from node {}", envelope.getClass().getSimpleName(), envelope.origin(), e);
        }
    }

    @Override
    public void deliver(Envelope.Deliver envelope) {
        if (envelope.requestId().isEmpty()) {
            receiver.deliverToSession(envelope.sessionId(), envelope.seq(), envelope.text());
        } else {
            receiver.deliverRequest(
                    envelope.origin(),
                    envelope.sessionId(),
                    envelope.seq(),
                    envelope.requestId(),
                    envelope.text(),
                    Duration.ofMillis(envelope.timeoutMillis()));
        }
    }

    @Override
    public void reply(Envelope.Reply envelope) {
        receiver.completeRequest(envelope.sessionId(), envelope.requestId(), envelope.payload());
    }

    @Override
    public void refusal(Envelope.Refusal envelope) {
        receiver.requestRefused(envelope.requestId(), envelope.sessionId(), envelope.reason());
    }

    @Override
    public void broadcast(Envelope.Broadcast envelope) {
        if (!mine(envelope)) { // this node's connections had it already
            receiver.deliverBroadcast(envelope.payload());
        }
    }

    @Override
    public void sessionChanged(Envelope.SessionChanged envelope) {
        if (!mine(envelope)) {
            view.sessionChanged(envelope.origin(), envelope.sessionId(), envelope.connections());
        }
    }

    @Override
    public void sessionLeft(Envelope.SessionLeft envelope) {
        if (!mine(envelope)) {
            view.sessionEnded(envelope.origin(), envelope.sessionId());
        }
        if (envelope.ended()) {
            receiver.sessionEnded(envelope.sessionId());
        }
    }

    @Override
    public void nodeLeft(Envelope.NodeLeft envelope) {
        if (!mine(envelope)) {
            view.nodeLeft(envelope.origin());
        }
    }

    private boolean mine(Envelope envelope) {
        return envelope.origin().equals(nodeId);
    }
}
