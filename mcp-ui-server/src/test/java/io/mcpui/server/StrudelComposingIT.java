package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import io.mcpui.server.testing.ToolClient;
import io.mcpui.server.testing.ToolClient.Result;
import io.mcpui.server.testing.ToolClient.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Composing with the assistant on the real Strudel page in headless Chromium, with the npm copy
 * of the editor: plays answer with their evaluation, edits, history, tempo, and a reload that
 * keeps all of it. The sample banks cannot be fetched here (no network), so patterns use the
 * built-in synths; a sampled sound such as "bd" counts as not loaded, which is true.
 */
class StrudelComposingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    private static final String TRIAD = "note(\"c e g\").s(\"sine\")";

    private static NodeDriver browser;
    private static UnifiedServer server;

    private int page;
    private String sessionId;
    private ToolClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new UnifiedServer(TestConfigs.serverWithStrudelEditor().build()).start();
        browser = NodeDriver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openPage() throws Exception {
        page = browser.open(server.baseUri() + "/strudel");
        awaitReady();
        sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        client = ToolClient.open(server.baseUri(), "mcp-strudel", Transport.MODERN_2026);
    }

    @AfterEach
    void closePage() throws Exception {
        client.close();
        browser.closePage(page);
    }

    private void awaitReady() throws Exception {
        browser.waitFor(page, "document.getElementById('status').textContent === 'connected'", WAIT);
        browser.waitFor(page, "document.getElementById('editor-status').textContent === 'Strudel editor ready.'", WAIT);
    }

    private Result call(String tool, Map<String, Object> arguments) {
        return client.call(tool, arguments);
    }

    private Result play(String code) {
        Result played = call("play_code", Map.of("session_id", sessionId, "code", code));
        assertThat(played.isError()).as(played.text()).isFalse();
        return played;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Result result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private String editorCode() throws Exception {
        return browser.text(page, "document.querySelector('strudel-editor').editor.code");
    }

    @Test
    void aBrokenPatternReturnsItsErrorInTheSameCallAndTheOneBeforeKeepsPlaying() throws Exception {
        Result played = play(TRIAD);
        assertThat(played.text()).isEqualTo("Playing on session " + sessionId + " at 0.5 cycles per second (120 BPM).");
        assertThat(fields(played)).containsEntry("played", true).containsEntry("playing_code", TRIAD);

        Result broken = call("play_code", Map.of("session_id", sessionId, "code", "note(\"c e g\")\n  .s(\"sine\"))"));

        assertThat(broken.isError()).isTrue();
        assertThat(broken.text())
                .startsWith("The pattern did not evaluate: Unexpected token (2:12) (line 2, column 13).")
                .endsWith("The page still plays the pattern before it:\n" + TRIAD);
        assertThat(fields(broken))
                .containsEntry("played", false)
                .containsEntry("line", 2)
                .containsEntry("column", 13)
                .containsEntry("playing_code", TRIAD);
        assertThat(call("get_currently_playing_code", Map.of("session_id", sessionId))
                        .text())
                .startsWith(TRIAD + "\n\n(The editor shows different code, which is not playing:");
        browser.waitFor(page, "!document.getElementById('error-line').hidden", WAIT);
        assertThat(browser.text(page, "document.getElementById('error-line').dataset.line"))
                .isEqualTo("2");
        assertThat(browser.text(page, "document.getElementById('error').textContent"))
                .isEqualTo("Error on line 2: Unexpected token (2:12)");
        browser.screenshot(page, SCREENSHOTS.resolve("strudel-error-line.png"));

        Result failing = call("play_code", Map.of("session_id", sessionId, "code", TRIAD + ".gain(nosuchfn())"));
        assertThat(failing.isError()).isTrue();
        assertThat(failing.text()).startsWith("The pattern did not evaluate: nosuchfn is not defined. The page still");
        assertThat(fields(failing)).doesNotContainKey("line");

        play(TRIAD + ".slow(2)");
        browser.waitFor(page, "document.getElementById('error-line').hidden", WAIT);
    }

    @Test
    void aSoundThatIsNotLoadedIsReported() {
        Result played = play("s(\"nosuchsound*4\")");

        assertThat(fields(played))
                .containsEntry("played", true)
                .containsEntry("missing_sounds", List.of("nosuchsound"));
        assertThat(played.text()).contains("These sounds are not loaded, so they stay silent: nosuchsound.");
    }

    @Test
    void editsChangeThePlayingCodeAndUndoGoesBack() throws Exception {
        String first = "note(\"c e g\")\n  .s(\"sine\")";
        play(first);

        Result snippet = call("edit_code", Map.of("session_id", sessionId, "find", "c e g", "replace", "d f a"));
        String second = "note(\"d f a\")\n  .s(\"sine\")";
        assertThat(fields(snippet)).containsEntry("code", second).containsEntry("playing_code", second);
        Result lines = call(
                "edit_code",
                Map.of("session_id", sessionId, "start_line", 2, "end_line", 2, "replace", "  .s(\"triangle\")"));
        String third = "note(\"d f a\")\n  .s(\"triangle\")";
        assertThat(fields(lines)).containsEntry("playing_code", third);
        Result appended = call("append_code", Map.of("session_id", sessionId, "code", "  .slow(2)"));
        String fourth = third + "\n  .slow(2)";
        assertThat(fields(appended)).containsEntry("playing_code", fourth);
        assertThat(editorCode()).isEqualTo(fourth);
        assertThat(call("get_currently_playing_code", Map.of("session_id", sessionId))
                        .text())
                .isEqualTo(fourth);

        Result undone = call("undo", Map.of("session_id", sessionId));

        assertThat(undone.isError()).as(undone.text()).isFalse();
        assertThat(fields(undone)).containsEntry("playing_code", third);
        assertThat(editorCode()).isEqualTo(third);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> patterns = (List<Map<String, Object>>)
                fields(call("get_history", Map.of("session_id", sessionId))).get("patterns");
        assertThat(patterns).extracting(pattern -> pattern.get("code")).containsExactly(first, second, third);
        browser.waitFor(page, "document.querySelectorAll('#history li').length === 3", WAIT);

        Result again = call("play_from_history", Map.of("session_id", sessionId, "index", 0));
        assertThat(fields(again)).containsEntry("playing_code", first);
        browser.screenshot(page, SCREENSHOTS.resolve("strudel-history.png"));
    }

    @Test
    void theTempoRoundTripsInCyclesPerSecondAndBpm() throws Exception {
        play(TRIAD);

        Result set = call("set_tempo", Map.of("session_id", sessionId, "bpm", 90));
        Result read = call("get_tempo", Map.of("session_id", sessionId));
        Result setCps = call("set_tempo", Map.of("session_id", sessionId, "cps", 0.75));

        assertThat(set.text())
                .isEqualTo("Set the tempo of session " + sessionId + " to 0.375 cycles per second (90 BPM).");
        assertThat(fields(read)).containsEntry("cps", 0.375).containsEntry("bpm", 90.0);
        assertThat(fields(setCps)).containsEntry("cps", 0.75).containsEntry("bpm", 180.0);
        browser.waitFor(page, "document.getElementById('tempo').textContent === '0.75 cps · 180 bpm'", WAIT);
        assertThat(browser.text(page, "document.querySelector('strudel-editor').editor.repl.scheduler.cps"))
                .isEqualTo("0.75");
    }

    @Test
    void aReloadKeepsTheSessionThePatternAndTheHistory() throws Exception {
        play(TRIAD);
        String second = TRIAD + ".slow(2)";
        play(second);
        browser.waitFor(page, "document.querySelectorAll('#history li').length === 2", WAIT);

        browser.reload(page);
        awaitReady();

        assertThat(browser.text(page, "document.getElementById('session-id').textContent"))
                .isEqualTo(sessionId);
        browser.waitFor(page, "document.querySelector('strudel-editor').editor.code === " + json(second), WAIT);
        browser.waitFor(page, "document.getElementById('playing').textContent === 'playing'", WAIT);
        browser.waitFor(page, "document.querySelectorAll('#history li').length === 2", WAIT);
        assertThat(call("get_currently_playing_code", Map.of("session_id", sessionId))
                        .text())
                .isEqualTo(second);
        Result undone = call("undo", Map.of("session_id", sessionId));
        assertThat(fields(undone)).containsEntry("playing_code", TRIAD);
        assertThat(server.manager("strudel").getSessions()).containsEntry(sessionId, 1);
        browser.screenshot(page, SCREENSHOTS.resolve("strudel-after-reload.png"));
    }

    private static String json(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
