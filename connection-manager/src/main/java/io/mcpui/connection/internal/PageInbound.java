package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.MessageHandler;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pages send: {@code {"type":"ping"}} is answered here, a reply completes the request it
 * answers (only from the session that was asked; a request of another node goes back there),
 * anything else goes to the handler of its {@code type}.
 */
final class PageInbound {

    private static final Logger log = LoggerFactory.getLogger(PageInbound.class);
    private static final String PING = "ping";
    private static final String PING_TEXT = "{\"type\":\"ping\"}";
    private static final String PONG = "{\"type\":\"pong\"}";

    private final SessionRegistry registry;
    private final Delivery delivery;
    private final RequestTable requests;
    private final Backplane backplane;
    private final JsonCodec codec;
    private final Counters counters;
    private final ConcurrentHashMap<String, MessageHandler> handlers = new ConcurrentHashMap<>();

    PageInbound(
            SessionRegistry registry,
            Delivery delivery,
            RequestTable requests,
            Backplane backplane,
            JsonCodec codec,
            Counters counters) {
        this.registry = registry;
        this.backplane = backplane;
        this.delivery = delivery;
        this.requests = requests;
        this.codec = codec;
        this.counters = counters;
    }

    /** See {@code ConnectionManager.onMessage}. */
    void onMessage(String type, MessageHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (PING.equals(type)) {
            throw new IllegalArgumentException("The manager answers type \"ping\" itself; pick another type");
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("A handler for type \"" + type + "\" is already registered");
        }
    }

    /** See {@code ConnectionManager.receive}. */
    void receive(Connection connection, String text) {
        Peer peer = registry.peer(connection);
        if (peer == null) {
            return; // closed while the frame was in flight
        }
        if (PING_TEXT.equals(text)) { // what the browser client sends: no need to parse it
            delivery.offer(peer, PONG, null);
            return;
        }
        Map<String, Object> fields;
        try {
            fields = codec.decode(text);
        } catch (IllegalArgumentException e) {
            counters.malformedMessages.increment();
            log.debug(
                    "Ignored a frame from connection {} that is not a JSON object: {}",
                    connection.id(),
                    e.getMessage());
            return;
        }
        Object type = fields.get("type");
        if (PING.equals(type)) {
            delivery.offer(peer, PONG, null);
            return;
        }
        InboundMessage message = new DecodedMessage(connection, peer.sessionId, fields, codec);
        Object requestId = fields.get(OutboundText.REQUEST_ID);
        if (requestId instanceof String id && answer(id, peer, message, text)) {
            return;
        }
        MessageHandler handler = type instanceof String name ? handlers.get(name) : null;
        if (handler == null) {
            (requestId != null ? counters.unmatchedReplies : counters.unhandledMessages).increment();
            return;
        }
        try {
            handler.handle(message);
        } catch (RuntimeException e) {
            counters.handlerFailures.increment();
            log.warn("Handler for type {} failed on connection {}", type, connection.id(), e);
        }
    }

    /**
     * Completes the request {@code requestId} if one waits here, or, in a cluster, sends the
     * reply to the node that asked (the page moved here after the request reached it); {@code
     * true} if it was a reply.
     */
    private boolean answer(String requestId, Peer from, InboundMessage reply, String text) {
        RequestTable.Waiter waiter = requests.get(requestId);
        if (waiter == null) {
            String origin = SessionRouter.originOf(requestId);
            if (origin == null
                    || !backplane.clustered()
                    || origin.equals(backplane.nodeId())
                    || from.sessionId == null) {
                return false;
            }
            backplane.forwardReply(origin, from.sessionId, requestId, text);
            return true;
        }
        if (waiter.sessionId().equals(from.sessionId)) {
            waiter.replied(reply, text);
        } else {
            counters.rejectedReplies.increment();
            log.debug(
                    "Ignored a reply to request {} from connection {} of session {}: it asked session {}",
                    requestId,
                    from.connection.id(),
                    from.sessionId,
                    waiter.sessionId());
        }
        return true;
    }
}
