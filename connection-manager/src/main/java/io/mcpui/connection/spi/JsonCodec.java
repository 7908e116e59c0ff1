package io.mcpui.connection.spi;

import io.mcpui.connection.internal.JacksonJsonCodec;
import java.util.Map;

/**
 * Turns outbound messages into JSON text and inbound text into fields. The manager uses one codec
 * for everything, so a message is encoded once however many connections it reaches.
 * Implementations must be thread-safe.
 */
public interface JsonCodec {

    /**
     * Encodes {@code message} (a record, a {@link Map}, a bean, or anything the codec supports)
     * as a JSON object, adding {@code extraFields} at its top level; an extra field replaces a
     * field of the same name.
     *
     * @throws IllegalArgumentException if {@code message} does not encode to a JSON object
     */
    String encode(Object message, Map<String, ?> extraFields);

    /**
     * Decodes a JSON object.
     *
     * @throws IllegalArgumentException if {@code text} is not exactly one well-formed JSON object
     */
    Map<String, Object> decode(String text);

    /**
     * Converts decoded fields to {@code type}.
     *
     * @throws IllegalArgumentException if the fields do not fit {@code type}
     */
    <T> T convert(Map<String, Object> fields, Class<T> type);

    /** The default codec, on Jackson 3. */
    static JsonCodec jackson() {
        return new JacksonJsonCodec();
    }
}
