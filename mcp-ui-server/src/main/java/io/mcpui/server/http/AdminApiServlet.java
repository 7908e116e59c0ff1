package io.mcpui.server.http;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.JsonText;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.failure.Failure;
import io.mcpui.server.metrics.ServerMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API of one app, for backends that are not MCP clients. Mapped at {@code
 * /api/<app>/*}:
 *
 * <ul>
 *   <li>{@code GET sessions}: the sessions with their connection counts;
 *   <li>{@code POST broadcast}: the JSON body to every page;
 *   <li>{@code POST sessions/{id}/messages}: the JSON body to one session (404 if unknown);
 *   <li>{@code POST sessions/{id}/requests[?timeout_ms=n]}: the JSON body as a request; answers
 *       with the page's reply, 404 if unknown, 504 if it did not answer in time (default 10 s).
 * </ul>
 *
 * <p>In a cluster, a session on another node while Redis is unreachable gets 503. A message with a
 * field the manager sets itself ({@code seq}; {@code request_id} in requests) gets 400. Failures
 * map to statuses in {@link Failure}.
 */
public final class AdminApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminApiServlet.class);

    /** The largest request body accepted: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Default wait for a page's reply: 10 seconds; {@code timeout_ms} may ask for 1 ms to 60 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final long MAX_TIMEOUT_MS = 60_000;
    private static final String SESSIONS = "/sessions/";

    private final transient AppContext app;
    private final transient JsonResponses responses;
    private final transient ServerMetrics metrics;

    /** The API of {@code app}, answering in JSON through {@code responses}. */
    public AdminApiServlet(AppContext app, JsonResponses responses, ServerMetrics metrics) {
        this.app = app;
        this.responses = responses;
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/sessions".equals(request.getPathInfo())) {
            notFoundOrWrongMethod(request, response);
            return;
        }
        ConnectionManager manager = app.manager();
        List<Map<String, Object>> sessions = new ArrayList<>();
        new TreeMap<>(manager.getSessions())
                .forEach((id, count) -> sessions.add(Map.of("session_id", id, "connections", count)));
        responses.write(
                response,
                HttpServletResponse.SC_OK,
                Map.of("sessions", sessions, "connections", manager.getConnectionCount()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        SessionAction action = SessionAction.of(path);
        if (!path.equals("/broadcast") && action == null) {
            notFoundOrWrongMethod(request, response);
            return;
        }
        // Relayed as it came, once checked: the manager splices its fields into the text.
        JsonText message = readJsonObject(request, response);
        if (message == null) {
            return;
        }
        if (action == null) {
            responses.writeRaw(
                    response, HttpServletResponse.SC_OK, delivered(app.manager().broadcast(message)));
        } else if (action.isMessage()) {
            sendToSession(action.sessionId(), message, response);
        } else {
            requestReply(action.sessionId(), message, request, response);
        }
    }

    private void sendToSession(String sessionId, JsonText message, HttpServletResponse response) throws IOException {
        try {
            int delivered = app.manager().sendToSession(sessionId, message);
            responses.writeRaw(response, HttpServletResponse.SC_OK, delivered(delivered));
        } catch (ConnectionManagerException e) {
            writeFailure(sessionId, e, response);
        } catch (IllegalArgumentException e) {
            responses.error(response, HttpServletResponse.SC_BAD_REQUEST, Failure.messageOf(e));
        }
    }

    private void requestReply(
            String sessionId, JsonText message, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Duration timeout = timeoutOf(request, response);
        if (timeout == null) {
            return;
        }
        // Wait for the page without holding a server thread.
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout.toMillis() + 5_000);
        CompletionStage<InboundMessage> pending;
        try {
            pending = app.request(sessionId, message, timeout);
        } catch (RuntimeException e) { // the async context is open: answer through it all the same
            pending = CompletableFuture.failedFuture(e);
        }
        pending.whenComplete((reply, failure) -> {
            try {
                HttpServletResponse asyncResponse = (HttpServletResponse) async.getResponse();
                if (failure == null) {
                    responses.write(asyncResponse, HttpServletResponse.SC_OK, Map.of("reply", reply.fields()));
                } else if (Failure.unwrap(failure) instanceof IllegalArgumentException refused) {
                    responses.error(asyncResponse, HttpServletResponse.SC_BAD_REQUEST, Failure.messageOf(refused));
                } else {
                    writeFailure(sessionId, failure, asyncResponse);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Could not answer an admin request for session {}", sessionId, e);
            } finally {
                async.complete();
            }
        });
    }

    private void writeFailure(String sessionId, Throwable failure, HttpServletResponse response) throws IOException {
        Failure meaning = Failure.of(failure, app.pageUrl());
        if (meaning.internal()) {
            log.error("Admin request to session {} failed", sessionId, Failure.unwrap(failure));
        }
        metrics.recordError(app.info().uiPath(), "admin API " + meaning.httpStatus() + ": " + meaning.forHttp());
        responses.error(response, meaning.httpStatus(), meaning.forHttp());
    }

    private @Nullable Duration timeoutOf(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String value = request.getParameter("timeout_ms");
        if (value == null) {
            return DEFAULT_REQUEST_TIMEOUT;
        }
        try {
            long millis = Long.parseLong(value);
            if (millis >= 1 && millis <= MAX_TIMEOUT_MS) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        responses.error(
                response,
                HttpServletResponse.SC_BAD_REQUEST,
                "timeout_ms must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS + ", was '" + value
                        + "'");
        return null;
    }

    private @Nullable JsonText readJsonObject(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body;
        int declared = request.getContentLength();
        try (InputStream in = request.getInputStream()) {
            // A declared length is read at once; otherwise up to the limit, and one byte more to tell.
            body = in.readNBytes(declared >= 0 && declared <= MAX_BODY_BYTES ? declared : MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            responses.error(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "The body is larger than " + MAX_BODY_BYTES + " bytes");
            return null;
        }
        try {
            return JsonText.of(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // answered below
        }
        responses.error(
                response,
                HttpServletResponse.SC_BAD_REQUEST,
                "The body must be a JSON object, e.g. {\"type\":\"strudel-stop\"}");
        return null;
    }

    private void notFoundOrWrongMethod(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        boolean known = path.equals("/sessions") || path.equals("/broadcast") || SessionAction.of(path) != null;
        if (known) {
            response.setHeader("Allow", path.equals("/sessions") ? "GET" : "POST");
            responses.error(
                    response,
                    HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    request.getMethod() + " is not allowed here; use " + response.getHeader("Allow"));
        } else {
            String base = app.info().adminApiPath();
            responses.error(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "No such endpoint; use GET " + base + "/sessions, POST " + base + "/broadcast, POST " + base
                            + "/sessions/{id}/messages or POST " + base + "/sessions/{id}/requests");
        }
    }

    private static String delivered(int connections) {
        return "{\"delivered\":" + connections + "}";
    }

    /** {@code /sessions/{id}/messages} or {@code /sessions/{id}/requests}, read without a regex. */
    private record SessionAction(String sessionId, boolean isMessage) {

        static @Nullable SessionAction of(String path) {
            if (!path.startsWith(SESSIONS)) {
                return null;
            }
            int slash = path.indexOf('/', SESSIONS.length());
            if (slash <= SESSIONS.length()) {
                return null;
            }
            String action = path.substring(slash + 1);
            boolean message = action.equals("messages");
            if (!message && !action.equals("requests")) {
                return null;
            }
            return new SessionAction(path.substring(SESSIONS.length(), slash), message);
        }
    }
}
