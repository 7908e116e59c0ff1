package io.mcpui.connection;

import io.mcpui.connection.spi.JsonCodec;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object a page sent: given to {@link MessageHandler}s, and the value of a {@link
 * ConnectionManager#request} future. Immutable and thread-safe.
 */
public final class InboundMessage {

    private final @Nullable Connection connection;
    private final @Nullable String sessionId;
    private final Map<String, Object> fields;
    private final JsonCodec codec;

    /**
     * Wraps decoded fields. Used by the manager and by backplanes; applications receive
     * instances rather than build them.
     */
    public InboundMessage(
            @Nullable Connection connection, @Nullable String sessionId, Map<String, Object> fields, JsonCodec codec) {
        this.connection = connection;
        this.sessionId = sessionId;
        this.fields = Collections.unmodifiableMap(Objects.requireNonNull(fields, "fields"));
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * The connection that sent it, or {@code null} for a reply that another node's connection
     * sent and a backplane carried here.
     */
    public @Nullable Connection connection() {
        return connection;
    }

    /** The session of the sender, or {@code null} for a broadcast-only connection. */
    public @Nullable String sessionId() {
        return sessionId;
    }

    /** The {@code type} field, or {@code null} if it is missing or not a string. */
    public @Nullable String type() {
        return string("type");
    }

    /** All fields, as the JSON codec decoded them (maps, lists, strings, numbers, booleans). */
    public Map<String, Object> fields() {
        return fields;
    }

    /** One field's value, or {@code null} if absent. */
    public @Nullable Object get(String field) {
        return fields.get(field);
    }

    /** One field's value if it is a string, else {@code null}. */
    public @Nullable String string(String field) {
        return fields.get(field) instanceof String value ? value : null;
    }

    /**
     * Converts the whole message to {@code type} (a record, say) with the manager's JSON codec.
     *
     * @throws IllegalArgumentException if the fields do not fit {@code type}
     */
    public <T> T as(Class<T> type) {
        return codec.convert(fields, type);
    }

    @Override
    public String toString() {
        // Field names only: message bodies may hold what a page shows, and stay out of logs.
        return "InboundMessage{type=" + type() + ", session=" + sessionId + ", fields=" + fields.keySet() + "}";
    }
}
