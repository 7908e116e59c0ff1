package io.mcpui.connection.internal;

import io.mcpui.connection.spi.JsonCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
    public String encode(Object message, Map<String, ?> extraFields) {
        try {
            if (extraFields.isEmpty()) {
                String text = mapper.writeValueAsString(message);
                if (!text.startsWith("{")) {
                    throw notAnObject(message);
                }
                return text;
            }
            if (message instanceof Map<?, ?> fields) {
                // Most messages are maps: a copy with the extra fields is cheaper than a tree.
                Map<Object, Object> withExtras = new LinkedHashMap<>(fields.size() + extraFields.size() + 1);
                withExtras.putAll(fields);
                withExtras.putAll(extraFields);
                return mapper.writeValueAsString(withExtras);
            }
            JsonNode tree = mapper.valueToTree(message);
            if (!(tree instanceof ObjectNode object)) {
                throw notAnObject(message);
            }
            extraFields.forEach(object::putPOJO);
            return mapper.writeValueAsString(object);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "Cannot encode a " + message.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
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

    private static IllegalArgumentException notAnObject(Object message) {
        return new IllegalArgumentException("A message must encode to a JSON object; a "
                + message.getClass().getName() + " does not (use a record or a Map)");
    }
}
