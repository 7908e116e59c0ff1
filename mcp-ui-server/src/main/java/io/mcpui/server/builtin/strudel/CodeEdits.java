package io.mcpui.server.builtin.strudel;

import io.mcpui.server.app.ToolException;

/** Changes to a pattern's code without resending all of it. Each says exactly what was wrong. */
final class CodeEdits {

    private CodeEdits() {}

    /**
     * {@code code} with the one occurrence of {@code snippet} replaced.
     *
     * @throws ToolException if the snippet is empty, absent, or occurs more than once
     */
    static String replaceSnippet(String code, String snippet, String replacement) {
        if (snippet.isEmpty()) {
            throw new ToolException("'find' is empty: give a piece of the current code to replace.");
        }
        int at = code.indexOf(snippet);
        if (at < 0) {
            throw new ToolException("'" + snippet + "' is not in the current code; read it with "
                    + "get_currently_playing_code and give a piece of it exactly.");
        }
        int again = code.indexOf(snippet, at + 1);
        if (again >= 0) {
            throw new ToolException("'" + snippet + "' occurs " + occurrences(code, snippet) + " times in the current "
                    + "code; give a longer piece that occurs once, or lines with start_line and end_line.");
        }
        return code.substring(0, at) + replacement + code.substring(at + snippet.length());
    }

    /**
     * {@code code} with lines {@code start} to {@code end} (from 1, inclusive) replaced by {@code
     * text}, which may have several lines or none.
     *
     * @throws ToolException if the range is not within the code
     */
    static String replaceLines(String code, int start, int end, String text) {
        String[] lines = code.split("\n", -1);
        if (start < 1 || end < start || end > lines.length) {
            throw new ToolException("Lines " + start + " to " + end + " are not in the current code, which has "
                    + lines.length + " line(s); count from 1.");
        }
        StringBuilder edited = new StringBuilder();
        for (int i = 0; i < start - 1; i++) {
            edited.append(lines[i]).append('\n');
        }
        edited.append(text);
        for (int i = end; i < lines.length; i++) {
            edited.append('\n').append(lines[i]);
        }
        return edited.toString();
    }

    /** {@code code} with {@code lines} after it, on a line of their own. */
    static String append(String code, String lines) {
        return code.isEmpty() || code.endsWith("\n") ? code + lines : code + "\n" + lines;
    }

    private static int occurrences(String code, String snippet) {
        int count = 0;
        for (int at = code.indexOf(snippet); at >= 0; at = code.indexOf(snippet, at + 1)) {
            count++;
        }
        return count;
    }
}
