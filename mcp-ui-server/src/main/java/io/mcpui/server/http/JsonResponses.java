package io.mcpui.server.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes JSON bodies and JSON errors ({@code {"error": "..."}}) with one mapper. Thread-safe. */
public final class JsonResponses {

    private final JsonMapper json;

    public JsonResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, int status, Object body) throws IOException {
        writeBytes(response, status, json.writeValueAsBytes(body));
    }

    /** A response whose JSON body is written already. */
    public void writeRaw(HttpServletResponse response, int status, String json) throws IOException {
        writeBytes(response, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(HttpServletResponse response, int status, byte[] bytes) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** An error body that says what was wrong and what to do. */
    public void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Map.of("error", message));
    }

    /**
     * An error for a request refused before its body was read: the connection is closed after
     * the answer, so that no client reuses a connection with an unread body on it.
     */
    public void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setHeader("Connection", "close");
        error(response, status, message);
    }

    public JsonMapper mapper() {
        return json;
    }
}
