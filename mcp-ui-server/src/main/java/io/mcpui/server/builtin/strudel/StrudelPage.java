package io.mcpui.server.builtin.strudel;

import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.RequestTimeoutException;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * What the server asks a Strudel page, and what its answers mean. The page protocol:
 *
 * <ul>
 *   <li>{@code strudel-code} {code, autoplay, metadata}: put the code in the editor (and play it).
 *       As a request, the page answers after evaluating it: {@code strudel-evaluated} {ok, error,
 *       line, column, missing_sounds, playing_code, code, started, cps, editor}.
 *   <li>{@code get-current-code}: answered with {code (the editor's), playing_code (what sounds),
 *       started}.
 *   <li>{@code strudel-tempo} {cps?}: sets the tempo if given; answered with {cps}.
 *   <li>{@code strudel-stop}; {@code strudel-history} {entries}: what the page shows.
 * </ul>
 */
final class StrudelPage {

    /**
     * How long a play waits for the page's evaluation: 8 seconds (the first evaluation waits up
     * to 4 s for the sample banks).
     */
    static final Duration EVALUATION_TIMEOUT = Duration.ofSeconds(8);

    /** How long a read of the page (code, tempo) waits: 5 seconds. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** Server to page: put this code in the editor, and play it if {@code autoplay}. */
    record StrudelCode(String type, String code, boolean autoplay, Map<String, Object> metadata, String timestamp) {}

    /** Server to page: a message with no fields but its type. */
    record Command(String type, String timestamp) {}

    /** Server to page: the tempo to set. */
    record SetTempo(String type, double cps) {}

    /**
     * What became of a pattern the page was asked to play.
     *
     * @param ok it evaluated and plays
     * @param error why it did not, or {@code null}
     * @param line where, if Strudel says (from 1)
     * @param column where on the line, if Strudel says
     * @param missingSounds sounds the pattern uses that are not loaded (they stay silent)
     * @param playingCode what sounds now: the new code, or after a failure the code before it
     * @param editor {@code ready}, {@code loading} or {@code unavailable} (with the reason in
     *     {@code error})
     * @param tempo the tempo, if the page said
     * @param timedOut the page did not answer in time (its editor may still be loading)
     */
    record Evaluation(
            boolean ok,
            @Nullable String error,
            @Nullable Integer line,
            @Nullable Integer column,
            List<String> missingSounds,
            @Nullable String playingCode,
            String editor,
            @Nullable Tempo tempo,
            boolean timedOut) {

        static Evaluation noAnswer() {
            return new Evaluation(false, null, null, null, List.of(), null, "loading", null, true);
        }

        /** The structured content of a tool result about it. */
        Map<String, Object> fields(String sessionId) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("session_id", sessionId);
            fields.put("played", ok);
            if (error != null) {
                fields.put("error", error);
            }
            if (line != null) {
                fields.put("line", line);
            }
            if (column != null) {
                fields.put("column", column);
            }
            fields.put("missing_sounds", missingSounds);
            if (playingCode != null) {
                fields.put("playing_code", playingCode);
            }
            fields.put("editor", editor);
            if (tempo != null) {
                fields.put("cps", tempo.cps());
                fields.put("bpm", tempo.bpm());
            }
            return fields;
        }
    }

    private final AppContext app;

    StrudelPage(AppContext app) {
        this.app = app;
    }

    /**
     * Asks the page of the call's session to play {@code code} and waits for its evaluation. A
     * page that does not answer in time is {@link Evaluation#noAnswer()}, not a failure.
     */
    CompletableFuture<Evaluation> play(ToolCall call, String code, @Nullable String description) {
        return app.request(
                        call,
                        new StrudelCode("strudel-code", code, true, metadata(description), now()),
                        EVALUATION_TIMEOUT)
                .thenApply(StrudelPage::evaluation)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof RequestTimeoutException) {
                        return Evaluation.noAnswer();
                    }
                    throw failure instanceof CompletionException completion
                            ? completion
                            : new CompletionException(cause);
                });
    }

    /**
     * Sends {@code code} to play without waiting for the page: for a view that opens only after
     * the call returns. It plays when the view has connected.
     */
    void send(ToolCall call, String code, @Nullable String description) {
        app.manager()
                .sendToSession(
                        call.sessionId(), new StrudelCode("strudel-code", code, true, metadata(description), now()));
    }

    private static Map<String, Object> metadata(@Nullable String description) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (description != null && !description.isEmpty()) {
            metadata.put("description", description);
        }
        return metadata;
    }

    /** The page's code: what sounds and what the editor shows. */
    CompletableFuture<Code> code(ToolCall call) {
        return app.request(call, new Command("get-current-code", now()), READ_TIMEOUT)
                .thenApply(reply -> {
                    String editor = reply.string("code");
                    // A page of the original protocol says only "code", and plays what it shows.
                    String playing = reply.fields().containsKey("playing_code") ? reply.string("playing_code") : editor;
                    return new Code(editor == null ? "" : editor, playing, !Boolean.FALSE.equals(reply.get("started")));
                });
    }

    /**
     * What a page holds.
     *
     * @param editor the code in the editor
     * @param playing what sounds (after a failed evaluation, the code before it); {@code null} if
     *     nothing ever played
     * @param started whether it plays now
     */
    record Code(String editor, @Nullable String playing, boolean started) {}

    /** Reads the tempo, or sets it first when {@code tempo} is given. */
    CompletableFuture<Tempo> tempo(ToolCall call, @Nullable Tempo tempo) {
        Object message =
                tempo == null ? new Command("strudel-tempo", now()) : new SetTempo("strudel-tempo", tempo.cps());
        return app.request(call, message, READ_TIMEOUT).thenApply(reply -> {
            Double cps = number(reply, "cps");
            if (cps == null) {
                throw new ToolException("The page of session " + call.sessionId() + " cannot tell or set the tempo: "
                        + Objects.requireNonNullElse(reply.string("error"), "it answered without 'cps'") + ".");
            }
            return new Tempo(cps);
        });
    }

    private static Evaluation evaluation(InboundMessage reply) {
        List<String> missing = new ArrayList<>();
        if (reply.get("missing_sounds") instanceof List<?> names) {
            names.forEach(name -> missing.add(String.valueOf(name)));
        }
        Double cps = number(reply, "cps");
        String editor = reply.string("editor");
        return new Evaluation(
                Boolean.TRUE.equals(reply.get("ok")),
                reply.string("error"),
                integer(reply, "line"),
                integer(reply, "column"),
                List.copyOf(missing),
                reply.string("playing_code"),
                editor == null ? "ready" : editor,
                cps == null ? null : new Tempo(cps),
                false);
    }

    private static @Nullable Double number(InboundMessage reply, String field) {
        return reply.get(field) instanceof Number number ? number.doubleValue() : null;
    }

    private static @Nullable Integer integer(InboundMessage reply, String field) {
        return reply.get(field) instanceof Number number ? number.intValue() : null;
    }

    private String now() {
        return app.clock().instant().toString();
    }
}
