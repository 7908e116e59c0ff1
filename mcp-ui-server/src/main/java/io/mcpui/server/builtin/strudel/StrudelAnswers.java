package io.mcpui.server.builtin.strudel;

import io.mcpui.server.app.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the Strudel tools answer the assistant: text that says what happened and what to do, and data. */
final class StrudelAnswers {

    private StrudelAnswers() {}

    static ToolResult played(String sessionId, String code, StrudelPage.Evaluation outcome) {
        Map<String, Object> fields = outcome.fields(sessionId);
        fields.put("code", code);
        if (outcome.timedOut()) {
            return new ToolResult(
                    "Sent the pattern to session " + sessionId + ", but its page did not report back within "
                            + StrudelPage.EVALUATION_TIMEOUT.toSeconds() + " s (its editor may still be loading). "
                            + "Call get_mcp_status in a moment to hear whether it played.",
                    fields,
                    false);
        }
        if ("unavailable".equals(outcome.editor()) || "loading".equals(outcome.editor())) {
            String state = "loading".equals(outcome.editor())
                    ? "is still loading its Strudel editor; the pattern plays when it has"
                    : "could not load its Strudel editor (" + outcome.error() + "), so nothing plays there";
            return new ToolResult(
                    "The page of session " + sessionId + " " + state + ".",
                    fields,
                    !"loading".equals(outcome.editor()));
        }
        StringBuilder text = new StringBuilder();
        if (outcome.ok()) {
            text.append("Playing on session ").append(sessionId);
            if (outcome.tempo() != null) {
                text.append(" at ").append(outcome.tempo());
            }
            text.append(".");
        } else {
            text.append("The pattern did not evaluate: ").append(outcome.error());
            if (outcome.line() != null) {
                text.append(" (line ").append(outcome.line());
                if (outcome.column() != null) {
                    text.append(", column ").append(outcome.column());
                }
                text.append(")");
            }
            text.append(". ");
            String playing = outcome.playingCode();
            text.append(
                    playing == null || playing.isEmpty()
                            ? "Nothing plays."
                            : "The page still plays the pattern before it:\n" + playing);
        }
        if (!outcome.missingSounds().isEmpty()) {
            text.append(" These sounds are not loaded, so they stay silent: ")
                    .append(String.join(", ", outcome.missingSounds()))
                    .append(". Use a built-in synth (sine, square, sawtooth, triangle) or a sound the page has.");
        }
        return new ToolResult(text.toString(), fields, !outcome.ok());
    }

    static ToolResult playsWhenTheViewOpens(String sessionId, String code) {
        return new ToolResult(
                "The pattern plays as soon as the view has opened; call get_mcp_status then to hear whether it "
                        + "evaluated.",
                Map.of("session_id", sessionId, "code", code),
                false);
    }

    static ToolResult history(String sessionId, List<PatternHistory.Entry> entries) {
        if (entries.isEmpty()) {
            return new ToolResult(
                    "No pattern has played on session " + sessionId + " yet.",
                    Map.of("session_id", sessionId, "patterns", List.of()),
                    false);
        }
        StringBuilder text = new StringBuilder("Patterns that played on session " + sessionId + ", oldest first:");
        List<Map<String, Object>> patterns = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PatternHistory.Entry entry = entries.get(i);
            text.append("\n").append(i).append(" (").append(entry.playedAt()).append(")");
            if (entry.description() != null) {
                text.append(" ").append(entry.description());
            }
            text.append(":\n").append(entry.code());
            Map<String, Object> pattern = new LinkedHashMap<>();
            pattern.put("index", i);
            pattern.put("code", entry.code());
            if (entry.description() != null) {
                pattern.put("description", entry.description());
            }
            pattern.put("played_at", entry.playedAt());
            patterns.add(pattern);
        }
        return new ToolResult(text.toString(), Map.of("session_id", sessionId, "patterns", patterns), false);
    }

    static ToolResult tempo(String sessionId, Tempo tempo, boolean set) {
        return new ToolResult(
                (set ? "Set the tempo of session " : "The tempo of session ") + sessionId + (set ? " to " : " is ")
                        + tempo + ".",
                Map.of("session_id", sessionId, "cps", tempo.cps(), "bpm", tempo.bpm()),
                false);
    }

    static String composePrompt(@Nullable String style, @Nullable String sessionId) {
        String where = sessionId == null || sessionId.isBlank()
                ? "on a Strudel page (call play_code without session_id to show it here)"
                : "on the Strudel page of session " + sessionId;
        return "Let's compose " + style + " with Strudel " + where + ". First read the quick reference (the resource "
                + StrudelApp.QUICK_REFERENCE_URI
                + ", or the get_strudel_quick_reference tool). Play a first short pattern with "
                + "play_code; if it reports an error or sounds that are not loaded, fix them. Then develop the piece "
                + "step by step with edit_code and append_code, set a fitting tempo with set_tempo, and use undo "
                + "when a change does not work. Tell me what each step adds.";
    }
}
