package io.mcpui.connection.redis.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels between nodes on a Redis channel: one record per kind, each with exactly the
 * fields it needs. {@link Deliver} and {@link SessionLeft} are written by Lua scripts in Redis
 * ({@code ClusterSessions}); the rest by the nodes. A receiver handles envelopes through a {@link Handler}, which has one method
 * per kind, so a new kind cannot go unhandled (Java 17 has no exhaustive switch over sealed types).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Envelope.Deliver.class, name = "deliver"),
    @JsonSubTypes.Type(value = Envelope.Reply.class, name = "reply"),
    @JsonSubTypes.Type(value = Envelope.Refusal.class, name = "refusal"),
    @JsonSubTypes.Type(value = Envelope.Broadcast.class, name = "broadcast"),
    @JsonSubTypes.Type(value = Envelope.SessionChanged.class, name = "session"),
    @JsonSubTypes.Type(value = Envelope.SessionLeft.class, name = "session-left"),
    @JsonSubTypes.Type(value = Envelope.NodeLeft.class, name = "node-left")
})
public sealed interface Envelope {

    /** The node that sent it. */
    String origin();

    /** Hands this envelope to the handler's method for its kind. */
    void dispatch(Handler handler);

    /** What a node does with each kind of envelope. */
    interface Handler {
        void deliver(Deliver envelope);

        void reply(Reply envelope);

        void refusal(Refusal envelope);

        void broadcast(Broadcast envelope);

        void sessionChanged(SessionChanged envelope);

        void sessionLeft(SessionLeft envelope);

        void nodeLeft(NodeLeft envelope);
    }

    /**
     * A message to a session held by the receiving node, numbered by the cluster; with a request
     * id (not empty), a request of the origin node that waits {@code timeoutMillis} for a reply.
     */
    record Deliver(String origin, String sessionId, long seq, String text, String requestId, long timeoutMillis)
            implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.deliver(this);
        }
    }

    /** A page's reply to a request the receiving node asked. */
    record Reply(String origin, String sessionId, String requestId, String payload) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.reply(this);
        }
    }

    /** The node that holds the session refused a request the receiving node asked. */
    record Refusal(String origin, String requestId, String sessionId, String reason) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.refusal(this);
        }
    }

    /** A message to every connection. */
    record Broadcast(String origin, String payload) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.broadcast(this);
        }
    }

    /** The origin now has {@code connections} connections of a session (0: waiting to resume). */
    record SessionChanged(String origin, String sessionId, int connections) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.sessionChanged(this);
        }
    }

    /** The origin no longer holds the session; {@code ended}: nobody does, the session is over. */
    record SessionLeft(String origin, String sessionId, boolean ended) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.sessionLeft(this);
        }
    }

    /** The origin left the cluster. */
    record NodeLeft(String origin) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.nodeLeft(this);
        }
    }

    /** The envelope as JSON text, its kind included. */
    static String encode(JsonMapper json, Envelope envelope) {
        return json.writerFor(Envelope.class).writeValueAsString(envelope);
    }

    /** The envelope {@code text} holds, or {@code null} if it holds none. */
    static @Nullable Envelope decode(JsonMapper json, String text) {
        try {
            return json.readValue(text, Envelope.class);
        } catch (JacksonException e) {
            return null;
        }
    }
}
