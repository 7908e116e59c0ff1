package io.mcpui.server.builtin.strudel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.server.app.ToolException;
import org.junit.jupiter.api.Test;

class CodeEditsTest {

    private static final String CODE = "stack(\n  s(\"bd*2 sd\"),\n  note(\"c e g\").s(\"sine\")\n)";

    @Test
    void aUniqueSnippetIsReplaced() {
        assertThat(CodeEdits.replaceSnippet(CODE, "\"sine\"", "\"sawtooth\""))
                .contains("note(\"c e g\").s(\"sawtooth\")");
    }

    @Test
    void aMissingOrRepeatedSnippetSaysWhatToDo() {
        assertThatThrownBy(() -> CodeEdits.replaceSnippet(CODE, "hh", "cp"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("'hh' is not in the current code");
        assertThatThrownBy(() -> CodeEdits.replaceSnippet(CODE, "s(", "x("))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("occurs 2 times")
                .hasMessageContaining("start_line");
        assertThatThrownBy(() -> CodeEdits.replaceSnippet(CODE, "", "x")).hasMessageContaining("'find' is empty");
    }

    @Test
    void linesAreReplacedCountingFromOne() {
        assertThat(CodeEdits.replaceLines(CODE, 2, 2, "  s(\"hh*8\"),"))
                .isEqualTo("stack(\n  s(\"hh*8\"),\n  note(\"c e g\").s(\"sine\")\n)");
        assertThat(CodeEdits.replaceLines(CODE, 2, 3, "")).isEqualTo("stack(\n\n)");
        assertThatThrownBy(() -> CodeEdits.replaceLines(CODE, 3, 9, "x"))
                .hasMessageContaining("Lines 3 to 9 are not in the current code, which has 4 line(s)");
    }

    @Test
    void appendedLinesGoOnALineOfTheirOwn() {
        assertThat(CodeEdits.append("s(\"bd\")", ".fast(2)")).isEqualTo("s(\"bd\")\n.fast(2)");
        assertThat(CodeEdits.append("s(\"bd\")\n", ".fast(2)")).isEqualTo("s(\"bd\")\n.fast(2)");
        assertThat(CodeEdits.append("", "s(\"bd\")")).isEqualTo("s(\"bd\")");
    }
}
