package io.mcpui.connection.redis.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels between nodes on a Redis channel: one record per kind, each with exactly the
 * fields it needs. A receiver handles envelopes through a {@link Handler}, which has one method
 * per kind, so a new kind cannot go unhandled (Java 17 has no exhaustive switch over sealed types).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Envelope.Send.class, name = "send"),
    @JsonSubTypes.Type(value = Envelope.Request.class, name = "request"),
    @JsonSubTypes.Type(value = Envelope.Reply.class, name = "reply"),
    @JsonSubTypes.Type(value = Envelope.Failure.class, name = "failure"),
    @JsonSubTypes.Type(value = Envelope.Broadcast.class, name = "broadcast"),
    @JsonSubTypes.Type(value = Envelope.SessionChanged.class, name = "session"),
    @JsonSubTypes.Type(value = Envelope.SessionEnded.class, name = "session-ended"),
    @JsonSubTypes.Type(value = Envelope.NodeLeft.class, name = "node-left")
})
public sealed interface Envelope {

    /** The node that sent it. */
    String origin();

    /** Hands this envelope to the handler's method for its kind. */
    void dispatch(Handler handler);

    /** What a node does with each kind of envelope. */
    interface Handler {
        void send(Send envelope);

        void request(Request envelope);

        void reply(Reply envelope);

        void failure(Failure envelope);

        void broadcast(Broadcast envelope);

        void sessionChanged(SessionChanged envelope);

        void sessionEnded(SessionEnded envelope);

        void nodeLeft(NodeLeft envelope);
    }

    /** A message to the connections of a session held by the receiving node. */
    record Send(String origin, String sessionId, String payload) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.send(this);
        }
    }

    /** A request to a session held by the receiving node; its outcome goes back to the origin. */
    record Request(String origin, String sessionId, String requestId, String payload, long timeoutMillis)
            implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.request(this);
        }
    }

    /** The reply to a request the receiving node asked. */
    record Reply(String origin, String requestId, String payload) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.reply(this);
        }
    }

    /** The session of a request the receiving node asked went away before replying. */
    record Failure(String origin, String requestId, String sessionId, String reason) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.failure(this);
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

    /** The session ended on the origin. */
    record SessionEnded(String origin, String sessionId) implements Envelope {
        @Override
        public void dispatch(Handler handler) {
            handler.sessionEnded(this);
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
