package io.mcpui.connection.redis.internal;

import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between nodes on Redis pub/sub: sends, requests, replies and failures go to the channel
 * of the node that holds the session (or that asked), broadcasts to one shared channel. What
 * arrives is handed to this node's {@link BackplaneReceiver}, registry events to its {@link
 * ClusterView}. Thread-safe.
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

    /** Sends to every other node that holds the session. */
    public Reach sendToSession(String sessionId, String payload) {
        Map<String, Integer> holders = view.holders(sessionId);
        if (holders.isEmpty()) {
            return Reach.NOT_HELD;
        }
        requireConnected(sessionId);
        int connections = 0;
        for (Map.Entry<String, Integer> holder : holders.entrySet()) {
            link.publish(keys.directChannel(holder.getKey()), new Envelope.Send(nodeId, sessionId, payload));
            connections += holder.getValue();
        }
        return Reach.held(connections);
    }

    /** Sends a request to the node that holds the session, preferring one with connections. */
    public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
        Map<String, Integer> holders = view.holders(sessionId);
        if (holders.isEmpty()) {
            return Reach.NOT_HELD;
        }
        requireConnected(sessionId);
        Map.Entry<String, Integer> holder =
                holders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        link.publish(
                keys.directChannel(holder.getKey()),
                new Envelope.Request(nodeId, sessionId, requestId, payload, timeout.toMillis()));
        return Reach.held(holder.getValue());
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

    public void forwardReply(String originNode, String requestId, String replyText) {
        if (link.connected()) {
            link.publish(keys.directChannel(originNode), new Envelope.Reply(nodeId, requestId, replyText));
        }
    }

    public void forwardFailure(String originNode, String requestId, String sessionId, String reason) {
        if (link.connected()) {
            link.publish(keys.directChannel(originNode), new Envelope.Failure(nodeId, requestId, sessionId, reason));
        }
    }

    /** Handles one message from a channel; this node's own envelopes are ignored. */
    public void receive(String text) {
        Envelope envelope = Envelope.decode(link.json(), text);
        if (envelope == null || envelope.origin().equals(nodeId)) {
            return;
        }
        try {
            envelope.dispatch(this);
        } catch (RuntimeException e) {
            log.warn("Could not handle a {} from node {}", envelope.getClass().getSimpleName(), envelope.origin(), e);
        }
    }

    @Override
    public void send(Envelope.Send envelope) {
        receiver.deliverToSession(envelope.sessionId(), envelope.payload());
    }

    @Override
    public void request(Envelope.Request envelope) {
        receiver.deliverRequest(
                envelope.origin(),
                envelope.sessionId(),
                envelope.requestId(),
                envelope.payload(),
                Duration.ofMillis(envelope.timeoutMillis()));
    }

    @Override
    public void reply(Envelope.Reply envelope) {
        receiver.completeRequest(envelope.requestId(), envelope.payload());
    }

    @Override
    public void failure(Envelope.Failure envelope) {
        receiver.failRequest(envelope.requestId(), envelope.sessionId(), envelope.reason());
    }

    @Override
    public void broadcast(Envelope.Broadcast envelope) {
        receiver.deliverBroadcast(envelope.payload());
    }

    @Override
    public void sessionChanged(Envelope.SessionChanged envelope) {
        view.sessionChanged(envelope.origin(), envelope.sessionId(), envelope.connections());
    }

    @Override
    public void sessionEnded(Envelope.SessionEnded envelope) {
        view.sessionEnded(envelope.origin(), envelope.sessionId());
    }

    @Override
    public void nodeLeft(Envelope.NodeLeft envelope) {
        view.nodeLeft(envelope.origin());
    }

    private void requireConnected(String sessionId) {
        if (!link.connected()) {
            throw new ClusterUnavailableException(
                    sessionId,
                    "Session " + sessionId
                            + " is held by another node, and the cluster (Redis) is unreachable; try again shortly");
        }
    }
}
