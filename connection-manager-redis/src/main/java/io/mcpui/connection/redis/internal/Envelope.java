package io.mcpui.connection.redis.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels between nodes on a Redis channel.
 *
 * @param kind what the receiver does with it
 * @param origin the node that sent it
 * @param sessionId the session concerned, if any
 * @param requestId the request concerned, if any
 * @param payload the message or reply text, if any
 * @param number a timeout in milliseconds (requests) or a connection count (registry events)
 * @param reason why a request failed
 */
public record Envelope(
        Kind kind,
        String origin,
        @Nullable String sessionId,
        @Nullable String requestId,
        @Nullable String payload,
        long number,
        @Nullable String reason) {

    /** The kinds of envelope. */
    public enum Kind {
        SEND,
        REQUEST,
        REPLY,
        FAILURE,
        BROADCAST,
        SESSION,
        SESSION_ENDED,
        NODE_LEFT
    }

    public String encode(JsonMapper json) {
        return json.writeValueAsString(this);
    }

    /** @return {@code null} if {@code text} is not an envelope */
    public static @Nullable Envelope decode(JsonMapper json, String text) {
        try {
            return json.readValue(text, Envelope.class);
        } catch (JacksonException e) {
            return null;
        }
    }
}
