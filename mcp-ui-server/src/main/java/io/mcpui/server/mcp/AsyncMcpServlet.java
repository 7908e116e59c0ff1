package io.mcpui.server.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The 2026-07-28 Streamable HTTP transport on the servlet {@link AsyncContext}: the request's
 * thread returns as soon as the request is read, and the answer is written when the MCP server
 * has it, so a tool that waits for a page holds no thread. (The SDK's {@code
 * HttpServletMcpTransport} blocks the thread for the whole call.)
 *
 * <p>A streamed answer gets a keep-alive comment every {@link #KEEP_ALIVE}: a client that closed
 * the stream is noticed at the next write at the latest, and the call is cancelled then
 * (closing the stream is the cancellation in this revision). Header checks follow the revision:
 * {@code Mcp-Method} must match the body's method, {@code MCP-Protocol-Version} the version in
 * {@code _meta}, and {@code Mcp-Name} the tool name or resource URI (JSON-RPC error -32020).
 */
final class AsyncMcpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AsyncMcpServlet.class);

    /** How often a streamed answer gets a keep-alive comment (and a closed stream is noticed). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    /** The largest request body read: 4 MiB. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final int HEADER_MISMATCH = -32020;

    /** HTTP statuses of JSON-RPC errors, as the revision asks; others are 200. */
    private static final Map<Integer, Integer> ERROR_STATUSES =
            Map.of(-32700, 400, -32600, 400, -32602, 400, HEADER_MISMATCH, 400, -32021, 400, -32022, 400, -32601, 404);

    private final transient McpServer server;
    private final transient McpJsonMapper json;
    private final transient ServerHttpHeaderValidator validator;

    AsyncMcpServlet(McpServer server, McpJsonMapper json, ServerHttpHeaderValidator validator) {
        this.server = server;
        this.json = json;
        this.validator = validator;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            validator.validate(headers(request));
        } catch (ServerTransportSecurityException e) {
            response.sendError(e.getStatusCode(), e.getMessage());
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            response.sendError(415, "Content-Type must be application/json");
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            response.sendError(413, "The request is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        JsonRpc.JSONRPCMessage message;
        try {
            message = JsonRpc.deserializeMessage(json, new String(body, StandardCharsets.UTF_8));
        } catch (JsonRpc.InvalidMessageException e) {
            writeJson(response, error(e.id(), -32600, "Invalid JSON-RPC message"));
            return;
        } catch (IOException | RuntimeException e) {
            writeJson(response, error(null, -32700, "Parse error"));
            return;
        }
        if (message instanceof JsonRpc.JSONRPCNotification) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED); // nothing to do: 2026-07-28 has no session
            return;
        }
        if (!(message instanceof JsonRpc.JSONRPCRequest rpc)) {
            writeJson(response, error(null, -32600, "The server accepts requests and notifications only"));
            return;
        }
        String mismatch = headerMismatch(request, rpc);
        if (mismatch != null) {
            writeJson(response, error(rpc.id(), HEADER_MISMATCH, mismatch));
            return;
        }
        McpTransportContext context = McpTransportContext.EMPTY.putAll(
                Map.of(McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaderDecoder.headers(headers(request))));
        answer(request.startAsync(), server.handle(context, rpc));
    }

    /** Writes the answer when it comes; a failed write or a broken connection cancels the call. */
    private void answer(AsyncContext async, Mono<McpTransportResponse> answer) {
        async.setTimeout(0);
        Disposable.Swap call = Disposables.swap();
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {}

            @Override
            public void onTimeout(AsyncEvent event) {
                call.dispose();
            }

            @Override
            public void onError(AsyncEvent event) {
                call.dispose();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        call.update(answer.flatMapMany(result -> write(response, result))
                .subscribe(
                        null,
                        failure -> {
                            log.debug("An MCP answer ended early: {}", failure.toString());
                            complete(async);
                        },
                        () -> complete(async)));
    }

    private Flux<String> write(HttpServletResponse response, McpTransportResponse result) {
        try {
            if (result instanceof McpTransportResponse.Result plain) {
                writeJson(response, plain.response());
                return Flux.empty();
            }
            if (result instanceof McpTransportResponse.Error failed) {
                writeJson(response, failed.response());
                return Flux.empty();
            }
            PrintWriter writer = startEventStream(response);
            Flux<String> events = ((McpTransportResponse.Streaming) result)
                    .messages()
                    .map(message -> "event: message\ndata: " + encode(message) + "\n\n");
            return events.publish(shared -> shared.mergeWith(Flux.interval(KEEP_ALIVE)
                            .onBackpressureDrop()
                            .map(tick -> ":\n\n")
                            .takeUntilOther(shared.then())))
                    .doOnNext(frame -> {
                        writer.write(frame);
                        writer.flush();
                        if (writer.checkError()) {
                            throw new UncheckedIOException(new IOException("the client closed the stream"));
                        }
                    });
        } catch (IOException e) {
            return Flux.error(e);
        }
    }

    private void writeJson(HttpServletResponse response, JsonRpc.JSONRPCResponse rpc) throws IOException {
        int status = rpc.error() == null
                ? 200
                : ERROR_STATUSES.getOrDefault(rpc.error().code(), 200);
        byte[] bytes = encode(rpc).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    private String encode(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrintWriter startEventStream(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-transform");
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
        return response.getWriter();
    }

    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (RuntimeException e) {
            log.debug("Could not complete an MCP answer: {}", e.toString());
        }
    }

    private static JsonRpc.JSONRPCResponse error(@Nullable Object id, int code, String message) {
        return JsonRpc.JSONRPCResponse.error(id, new JsonRpc.JSONRPCResponse.JSONRPCError(code, message));
    }

    /** What is wrong with the request's MCP headers, or {@code null} if they agree with its body. */
    private static @Nullable String headerMismatch(HttpServletRequest request, JsonRpc.JSONRPCRequest rpc) {
        String method = single(request, "Mcp-Method");
        if (method == null) {
            return "Missing or repeated header: Mcp-Method";
        }
        if (!method.equals(rpc.method())) {
            return "Mcp-Method header does not match the request's method";
        }
        Map<?, ?> params = rpc.params() instanceof Map<?, ?> map ? map : Map.of();
        if (params.get("_meta") instanceof Map<?, ?> meta
                && meta.get("io.modelcontextprotocol/protocolVersion") instanceof String version
                && !version.equals(single(request, "MCP-Protocol-Version"))) {
            return "MCP-Protocol-Version header does not match the protocol version in _meta";
        }
        String nameField = switch (rpc.method()) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
        if (nameField != null && params.get(nameField) instanceof String expected) {
            String header = single(request, "Mcp-Name");
            String name = header == null ? null : McpHeaderDecoder.decodeValue(header);
            if (!expected.equals(name)) {
                return "Mcp-Name header is missing or does not match the request's " + nameField;
            }
        }
        return null;
    }

    private static @Nullable String single(HttpServletRequest request, String header) {
        List<String> values = Collections.list(request.getHeaders(header));
        return values.size() == 1 ? values.get(0) : null;
    }

    static HeaderAccessor headers(HttpServletRequest request) {
        return new HeaderAccessor() {
            @Override
            public List<String> getHeader(String name) {
                return Collections.list(request.getHeaders(name));
            }

            @Override
            public List<String> getHeaderNames() {
                return Collections.list(request.getHeaderNames());
            }
        };
    }
}
