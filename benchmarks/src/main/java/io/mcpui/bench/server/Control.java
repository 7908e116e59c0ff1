package io.mcpui.bench.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parsing and building the control protocol's messages, the same way (Jackson, maps) for every
 * variant, so that the variants differ only in how they keep and reach connections.
 */
final class Control {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    /** A parsed control message: a relay ({@code to} set) or a broadcast, and what to send. */
    record Command(@Nullable String to, Map<String, Object> outgoing) {}

    private Control() {}

    static Map<String, Object> decode(String text) {
        return JSON.readValue(text, OBJECT);
    }

    /** @return {@code null} if {@code fields} are not a control message */
    static @Nullable Command parse(Map<String, Object> fields) {
        Object type = fields.get("type");
        Map<String, Object> outgoing = new LinkedHashMap<>();
        outgoing.put("type", "relay".equals(type) ? "m" : "b");
        outgoing.put("t", fields.get("t"));
        outgoing.put("pad", fields.getOrDefault("pad", ""));
        if ("relay".equals(type)) {
            return new Command((String) fields.get("to"), outgoing);
        }
        return "broadcast".equals(type) ? new Command(null, outgoing) : null;
    }

    static String encode(Map<String, Object> message) {
        return JSON.writeValueAsString(message);
    }

    static @Nullable String sessionId(Request request) {
        return Request.extractQueryParameters(request).getValue("session_id");
    }
}
