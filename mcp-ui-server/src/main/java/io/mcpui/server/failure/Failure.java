package io.mcpui.server.failure;

import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.RequestTimeoutException;
import io.mcpui.server.app.ToolException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure means to each audience: the admin API answers {@link #httpStatus()} with {@link
 * #forHttp()}, a tool answers {@link #forAssistant()} as its error result, and the metrics count
 * it as {@link #outcome()}. {@link #of} is the only place that maps failures; an {@link
 * #internal()} one is a bug whose details belong in the log, not in an answer. Immutable.
 *
 * @param outcome the metrics outcome, e.g. {@code timeout}
 * @param httpStatus the status of an admin API answer
 * @param forAssistant what a tool tells the assistant: what went wrong and what to do
 * @param forHttp what the admin API answers
 * @param internal whether it is a bug in the server or an app (log it)
 */
public record Failure(String outcome, int httpStatus, String forAssistant, String forHttp, boolean internal) {

    /**
     * What {@code failure} means, for an app whose page is at {@code pageUrl}. A {@link
     * CompletionException} or {@link ExecutionException} is looked through.
     */
    public static Failure of(Throwable failure, URI pageUrl) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ToolException) {
            return new Failure("invalid", 400, messageOf(cause), messageOf(cause), false);
        }
        if (!(cause instanceof ConnectionManagerException e)) {
            return internalError();
        }
        String message = messageOf(e);
        String session = e.sessionId() == null ? "" : e.sessionId();
        return switch (e.reason()) {
            case SESSION_NOT_FOUND ->
                new Failure(
                        "not_found",
                        404,
                        "Session " + session + " is not connected: open " + pageUrl
                                + " and tell me the session id it shows.",
                        "Session " + session + " is not connected; open " + pageUrl + " to get a session id",
                        false);
            case REQUEST_TIMEOUT ->
                new Failure(
                        "timeout",
                        504,
                        "Session " + session + " did not answer within "
                                + ((RequestTimeoutException) e).timeout().toSeconds() + " s. Is the page at " + pageUrl
                                + " still open? Reload it, tell me the session id it shows, and try again.",
                        message,
                        false);
            case SESSION_CLOSED ->
                new Failure(
                        "closed",
                        502,
                        message + ". Open " + pageUrl + " again and tell me the session id it shows.",
                        message,
                        false);
            case CLUSTER_UNAVAILABLE -> new Failure("cluster_unavailable", 503, message, message, false);
            case TOO_MANY_PENDING_REQUESTS ->
                new Failure(
                        "busy",
                        503,
                        "The server is waiting for too many page replies right now; try again in a moment.",
                        message,
                        false);
            case PAGE_NOT_READING, MALFORMED_REPLY -> new Failure("page_error", 502, message, message, false);
            case CONNECTION_LIMIT, INVALID_SESSION_ID, SESSION_IDS_EXHAUSTED ->
                new Failure("unavailable", 503, message, message, false);
        };
    }

    /** A failure that is a bug: the answer says to look in the log. */
    public static Failure internalError() {
        return new Failure(
                "error",
                500,
                "The tool failed inside the server; the server log has the details.",
                "Internal error; see the server log",
                true);
    }

    /** The exception's message, or its class name when it has none. */
    public static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message != null ? message : failure.getClass().getSimpleName();
    }

    /** The failure inside a {@link CompletionException} or {@link ExecutionException}. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
