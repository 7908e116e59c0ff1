package io.mcpui.connection;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object a page sent: given to {@link MessageHandler}s, and the value of a {@link
 * ConnectionManager#request} future. The manager makes instances; applications read them.
 * Immutable and thread-safe.
 */
public interface InboundMessage {

    /**
     * The connection that sent it, or {@code null} for a reply that another node's connection
     * sent and a backplane carried here.
     */
    @Nullable
    Connection connection();

    /** The session of the sender, or {@code null} for a broadcast-only connection. */
    @Nullable
    String sessionId();

    /** All fields, as the JSON codec decoded them (maps, lists, strings, numbers, booleans). */
    Map<String, Object> fields();

    /**
     * Converts the whole message to {@code type} (a record, say) with the manager's JSON codec.
     *
     * @throws IllegalArgumentException if the fields do not fit {@code type}
     */
    <T> T as(Class<T> type);

    /** The {@code type} field, or {@code null} if it is missing or not a string. */
    default @Nullable String type() {
        return string("type");
    }

    /** One field's value, or {@code null} if absent. */
    default @Nullable Object get(String field) {
        return fields().get(field);
    }

    /** One field's value if it is a string, else {@code null}. */
    default @Nullable String string(String field) {
        return fields().get(field) instanceof String value ? value : null;
    }
}
