package io.mcpui.server.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rewrites the 2025 MCP transports' error responses (status 400 and above): the SDK serializes its
 * exception object into them, Java stack trace included. What the client gets instead is a
 * JSON-RPC error with the original code and the first line of the message. Successful responses
 * and streams pass through untouched.
 */
final class ErrorBodyFilter implements Filter {

    private static final int MAX_MESSAGE_CHARS = 300;

    private final JsonMapper json;

    ErrorBodyFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (EraRouter.isModern((HttpServletRequest) request)) {
            chain.doFilter(request, response); // our own transport: its errors carry no internals
            return;
        }
        ErrorCapturingResponse wrapper = new ErrorCapturingResponse((HttpServletResponse) response, json);
        chain.doFilter(request, wrapper);
        wrapper.finish();
    }

    /** Sends error bodies to a buffer instead of the client; decides at the first byte written. */
    private static final class ErrorCapturingResponse extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private final JsonMapper json;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private int status = SC_OK;
        private @Nullable String errorMessage;
        private @Nullable ServletOutputStream stream;
        private @Nullable PrintWriter writer;

        ErrorCapturingResponse(HttpServletResponse response, JsonMapper json) {
            super(response);
            this.response = response;
            this.json = json;
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
            errorMessage = msg;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (status < 400) {
                return super.getOutputStream();
            }
            if (stream == null) {
                stream = new CapturingStream(captured);
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (status < 400) {
                return super.getWriter();
            }
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(captured, StandardCharsets.UTF_8));
            }
            return writer;
        }

        /** Writes the sanitized body if the response was an error. */
        void finish() throws IOException {
            if (status < 400 || response.isCommitted()) {
                return;
            }
            if (writer != null) {
                writer.flush();
            }
            JsonNode original = parse(captured.toByteArray());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", codeOf(original));
            error.put("message", messageOf(original, errorMessage, status));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jsonrpc", "2.0");
            body.put("id", null);
            body.put("error", error);
            byte[] bytes = json.writeValueAsBytes(body);
            response.resetBuffer();
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }

        private static int codeOf(@Nullable JsonNode node) {
            JsonNode code = node == null ? null : find(node, "code");
            return code != null && code.isInt() ? code.intValue() : -32600;
        }

        private static String messageOf(@Nullable JsonNode node, @Nullable String sendErrorMessage, int status) {
            JsonNode message = node == null ? null : find(node, "message");
            String text = message != null && message.isString() ? message.stringValue() : sendErrorMessage;
            if (text == null || text.isBlank()) {
                text = "HTTP " + status;
            }
            String firstLine = text.lines().findFirst().orElse(text);
            return firstLine.length() > MAX_MESSAGE_CHARS ? firstLine.substring(0, MAX_MESSAGE_CHARS) : firstLine;
        }

        private @Nullable JsonNode parse(byte[] original) {
            try {
                return original.length == 0 ? null : json.readTree(original);
            } catch (JacksonException e) {
                return null;
            }
        }

        private static @Nullable JsonNode find(JsonNode node, String field) {
            if (node.has(field)) {
                return node.get(field);
            }
            JsonNode error = node.get("error");
            return error != null && error.has(field) ? error.get(field) : null;
        }
    }

    private static final class CapturingStream extends ServletOutputStream {
        private final ByteArrayOutputStream target;

        CapturingStream(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("error bodies are written synchronously");
        }
    }
}
