package io.mcpui.server.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code notifications/cancelled} on the 2025 transports, which the MCP SDK does not act on: this
 * filter reads each POSTed JSON-RPC message before the SDK does. A {@code tools/call} request is
 * tagged with its MCP session and id (the request attribute {@link LegacyEra#CALL_KEY}, which
 * reaches the tool through the transport context); a {@code notifications/cancelled} cancels the
 * call it names and is answered 202 here.
 */
final class LegacyCancelFilter implements Filter {

    private final JsonMapper json;
    private final InFlightCalls inFlight;

    LegacyCancelFilter(JsonMapper json, InFlightCalls inFlight) {
        this.json = json;
        this.inFlight = inFlight;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String session = mcpSession(http);
        if (!"POST".equals(http.getMethod()) || session == null || EraRouter.isModern(http)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try (InputStream in = http.getInputStream()) {
            body = in.readAllBytes(); // the SDK would read it all, too
        }
        JsonNode message = parse(body);
        String method = message == null ? "" : message.path("method").asString("");
        if (message != null && method.equals("notifications/cancelled")) {
            JsonNode id = message.path("params").get("requestId");
            if (id != null) {
                inFlight.cancel(InFlightCalls.key(session, id.toString()));
            }
            ((HttpServletResponse) response).setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        JsonNode id = message == null ? null : message.get("id");
        if (method.equals("tools/call") && id != null) {
            http.setAttribute(LegacyEra.CALL_KEY, InFlightCalls.key(session, id.toString()));
        }
        chain.doFilter(new ReadAgain(http, body), response);
    }

    /** The MCP session of a 2025 request: the Streamable HTTP header, or the SSE query parameter. */
    private static @Nullable String mcpSession(HttpServletRequest request) {
        String streamable = request.getHeader("Mcp-Session-Id");
        if (streamable != null) {
            return "streamable:" + streamable;
        }
        String sse = request.getParameter("sessionId");
        return sse == null ? null : "sse:" + sse;
    }

    private @Nullable JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null; // the SDK answers malformed messages itself
        }
    }

    /** The request with its body, already read here, to read again. */
    private static final class ReadAgain extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
