package io.mcpui.connection.internal;

import io.mcpui.connection.spi.JsonCodec;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@link JsonCodec} on a Jackson 3 {@link JsonMapper}. */
public final class JacksonJsonCodec implements JsonCodec {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private final JsonMapper mapper;

    public JacksonJsonCodec() {
        this(JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build());
    }

    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String encode(Object message) {
        String text;
        try {
            text = mapper.writeValueAsString(message);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "Cannot encode a " + message.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        if (!text.startsWith("{")) {
            throw new IllegalArgumentException("A message must encode to a JSON object; a "
                    + message.getClass().getName() + " does not (use a record or a Map)");
        }
        return text;
    }

    @Override
    public Map<String, Object> decode(String text) {
        Map<String, Object> fields;
        try {
            fields = mapper.readValue(text, FIELDS);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a JSON object: " + e.getOriginalMessage(), e);
        }
        if (fields == null) {
            throw new IllegalArgumentException("Not a JSON object: null");
        }
        return fields;
    }

    @Override
    public <T> T convert(Map<String, Object> fields, Class<T> type) {
        try {
            return mapper.convertValue(fields, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "Message does not fit " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
