package io.mcpui.server.builtin.strudel;

import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolException;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.app.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The Strudel tools that play: patterns, edits, the history and the tempo. Each play waits for the
 * page's evaluation and answers with it ({@link StrudelAnswers}); a pattern that played joins the
 * session's {@link PatternHistory}.
 */
final class StrudelTools {

    private final AppContext context;
    private final StrudelPage page;
    private final PatternHistory history;

    StrudelTools(AppContext context, StrudelPage page, PatternHistory history) {
        this.context = context;
        this.page = page;
        this.history = history;
    }

    void addPlayingTools() {
        context.addTool(
                ToolSpec.builder("play_code")
                        .description("Puts Strudel code into the editor of the page with the given session id, plays "
                                + "it, and answers when the page has evaluated it: played, or the error with its "
                                + "line and column, and any sounds that are not loaded. Call "
                                + "get_strudel_quick_reference first if unsure of the syntax.")
                        .sessionIdParameter()
                        .requiredString("code", "The Strudel pattern, e.g. s(\"bd sd [~ bd] sd\").fast(2)")
                        .optionalString("description", "A few words on what the pattern is, shown on the page")
                        .showsView()
                        .build(),
                call -> play(call, codeOf(call, call.requireString("code")), call.optionalString("description"), true));
        context.addTool(
                ToolSpec.builder("edit_code")
                        .description("Changes part of the code in the editor of the page with the given session id "
                                + "and plays the result, answering like play_code with the new code. Give either "
                                + "'find' (a piece of the code that occurs once) or 'start_line' and 'end_line' "
                                + "(from 1) to replace, and 'replace' with what goes there.")
                        .sessionIdParameter()
                        .optionalString("find", "A piece of the current code that occurs exactly once")
                        .optionalInteger("start_line", "The first line to replace, from 1")
                        .optionalInteger("end_line", "The last line to replace (inclusive)")
                        .requiredString("replace", "The new text; may be empty to delete")
                        .build(),
                this::edit);
        context.addTool(
                ToolSpec.builder("append_code")
                        .description("Adds lines at the end of the code in the editor of the page with the given "
                                + "session id and plays the result, answering like play_code with the new code.")
                        .sessionIdParameter()
                        .requiredString("code", "The lines to add, e.g. .room(0.5)")
                        .build(),
                this::append);
        context.addTool(
                ToolSpec.builder("stop_play")
                        .description("Stops the music on the page with the given session id.")
                        .sessionIdParameter()
                        .build(),
                this::stopPlay);
        context.addTool(
                ToolSpec.builder("get_currently_playing_code")
                        .description("Reads the code that is playing on the page with the given session id (after a "
                                + "pattern failed to evaluate, the one that still sounds), and the editor's code "
                                + "when it differs.")
                        .sessionIdParameter()
                        .build(),
                this::currentCode);
    }

    void addHistoryTools() {
        context.addTool(
                ToolSpec.builder("get_history")
                        .description("Lists the patterns that played on the page with the given session id, oldest "
                                + "first (the last " + PatternHistory.MAX_ENTRIES + "), with their index.")
                        .sessionIdParameter()
                        .build(),
                call -> CompletableFuture.completedFuture(
                        StrudelAnswers.history(call.sessionId(), history.list(call.sessionId()))));
        context.addTool(
                ToolSpec.builder("undo")
                        .description("Goes back to the pattern that played before the current one on the page with "
                                + "the given session id, and plays it.")
                        .sessionIdParameter()
                        .build(),
                this::undo);
        context.addTool(
                ToolSpec.builder("play_from_history")
                        .description("Plays again a pattern from the history (see get_history) on the page with the "
                                + "given session id.")
                        .sessionIdParameter()
                        .optionalInteger("index", "The pattern's index in get_history, from 0 (oldest)")
                        .build(),
                this::playFromHistory);
    }

    void addTempoTools() {
        context.addTool(
                ToolSpec.builder("get_tempo")
                        .description("Reads the tempo of the page with the given session id, in cycles per second and "
                                + "in BPM (4 beats per cycle).")
                        .sessionIdParameter()
                        .build(),
                call -> page.tempo(call, null)
                        .thenApply(tempo -> StrudelAnswers.tempo(call.sessionId(), tempo, false)));
        context.addTool(
                ToolSpec.builder("set_tempo")
                        .description("Sets the tempo of the page with the given session id: give 'cps' (cycles per "
                                + "second, e.g. 0.5) or 'bpm' (beats per minute at 4 beats per cycle, e.g. 120).")
                        .sessionIdParameter()
                        .optionalNumber("cps", "Cycles per second, e.g. 0.5")
                        .optionalNumber("bpm", "Beats per minute at 4 beats per cycle, e.g. 120")
                        .build(),
                call -> {
                    Tempo wanted = Tempo.of(call.optionalNumber("cps"), call.optionalNumber("bpm"));
                    return page.tempo(call, wanted)
                            .thenApply(tempo -> StrudelAnswers.tempo(call.sessionId(), tempo, true));
                });
    }

    /**
     * Plays {@code code} and answers with the outcome; a pattern that played joins the history
     * when {@code remember}.
     */
    private CompletionStage<ToolResult> play(
            ToolCall call, String code, @Nullable String description, boolean remember) {
        String sessionId = call.sessionId();
        if (call.opensView()) {
            page.send(call, code, description);
            return CompletableFuture.completedFuture(StrudelAnswers.playsWhenTheViewOpens(sessionId, code));
        }
        return page.play(call, code, description).thenApply(outcome -> {
            if (outcome.ok() && remember) {
                history.show(sessionId, history.add(sessionId, new PatternHistory.Entry(code, description, now())));
            }
            return StrudelAnswers.played(sessionId, code, outcome);
        });
    }

    private CompletionStage<ToolResult> edit(ToolCall call) {
        String find = call.optionalText("find");
        Double start = call.optionalNumber("start_line");
        Double end = call.optionalNumber("end_line");
        String replacement = Objects.requireNonNullElse(call.optionalText("replace"), "");
        if ((find == null) == (start == null)) {
            throw new ToolException("Give either 'find' (a piece of the code that occurs once) or 'start_line' and "
                    + "'end_line', not both and not neither.");
        }
        return page.code(call).thenCompose(current -> {
            String edited = find != null
                    ? CodeEdits.replaceSnippet(current.editor(), find, replacement)
                    : CodeEdits.replaceLines(
                            current.editor(),
                            start.intValue(),
                            end == null ? start.intValue() : end.intValue(),
                            replacement);
            return play(call, codeOf(call, edited), null, true);
        });
    }

    private CompletionStage<ToolResult> append(ToolCall call) {
        call.requireString("code"); // there, and not blank
        // Exactly as given but for trailing white space: the lines' indentation is the assistant's.
        String lines = Objects.requireNonNull(call.optionalText("code")).stripTrailing();
        return page.code(call)
                .thenCompose(current ->
                        play(call, codeOf(call, CodeEdits.append(current.editor(), lines)), null, true));
    }

    private CompletionStage<ToolResult> undo(ToolCall call) {
        String sessionId = call.sessionId();
        PatternHistory.Entry previous = history.previous(sessionId)
                .orElseThrow(() -> new ToolException("Session " + sessionId + " has no earlier pattern to go back to; "
                        + "get_history lists what played."));
        return page.play(call, previous.code(), previous.description()).thenApply(outcome -> {
            if (outcome.ok()) {
                history.show(sessionId, history.dropLast(sessionId));
            }
            return StrudelAnswers.played(sessionId, previous.code(), outcome);
        });
    }

    private CompletionStage<ToolResult> playFromHistory(ToolCall call) {
        String sessionId = call.sessionId();
        List<PatternHistory.Entry> entries = history.list(sessionId);
        Double index = call.optionalNumber("index");
        if (index == null || index < 0 || index >= entries.size() || index != Math.floor(index)) {
            throw new ToolException("Give 'index' from 0 to " + (entries.size() - 1) + "; get_history lists the "
                    + entries.size() + " pattern(s) of session " + sessionId + ".");
        }
        PatternHistory.Entry entry = entries.get(index.intValue());
        return play(call, entry.code(), entry.description(), true);
    }

    private CompletionStage<ToolResult> stopPlay(ToolCall call) {
        String sessionId = call.sessionId();
        int tabs = context.manager().sendToSession(sessionId, new StrudelPage.Command("strudel-stop", now()));
        return CompletableFuture.completedFuture(
                ToolResult.text("Stopped the music in " + tabs + " tab(s) of session " + sessionId + "."));
    }

    private CompletionStage<ToolResult> currentCode(ToolCall call) {
        return page.code(call).thenApply(code -> {
            String playing = code.playing();
            if (playing == null || playing.isEmpty()) {
                return ToolResult.text(code.editor().isEmpty() ? "(the editor is empty)" : code.editor());
            }
            String text = code.started() ? playing : "(Stopped; this is the pattern that played last.)\n" + playing;
            if (code.editor().equals(playing)) {
                return ToolResult.text(text);
            }
            return ToolResult.text(
                    text + "\n\n(The editor shows different code, which is not playing:\n" + code.editor() + ")");
        });
    }

    private static String codeOf(ToolCall call, String code) {
        int bytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > StrudelApp.MAX_CODE_BYTES) {
            throw new ToolException("The code of " + call.toolName() + " is " + bytes + " bytes long; the limit is "
                    + StrudelApp.MAX_CODE_BYTES + " bytes (64 KiB). Send a shorter pattern.");
        }
        return code;
    }

    private String now() {
        return context.clock().instant().toString();
    }
}
