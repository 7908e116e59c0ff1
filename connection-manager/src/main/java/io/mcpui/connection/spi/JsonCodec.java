package io.mcpui.connection.spi;

import io.mcpui.connection.internal.JacksonJsonCodec;
import java.util.Map;

/**
 * Turns outbound messages into JSON text and inbound text into fields. The manager uses one codec
 * for everything and encodes each message once, however many connections and nodes it reaches:
 * the fields the manager adds ({@code seq}, {@code request_id}) are spliced into that text.
 * Implementations must be thread-safe.
 */
public interface JsonCodec {

    /**
     * Encodes {@code message} (a record, a {@link Map}, a bean, or anything the codec supports)
     * as one JSON object, starting with <code>{</code> (no leading white space).
     *
     * @throws IllegalArgumentException if {@code message} does not encode to a JSON object
     */
    String encode(Object message);

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
