package io.mcpui.server;

import static io.mcpui.server.testing.McpClients.call;
import static io.mcpui.server.testing.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.InboundMessage;
import io.mcpui.server.testing.McpClients;
import io.mcpui.server.testing.McpClients.Transport;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real pages in headless Chromium: they connect, tool calls reach them, and what the tools
 * return is what the pages show. The Strudel editor is served from the npm copy under /vendor/;
 * nothing is loaded from a CDN. Screenshots go to target/screenshots/.
 */
class BrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    private static NodeDriver browser;
    private static UnifiedServer server;

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

    private static int openConnected(String path) throws Exception {
        int page = browser.open(server.baseUri() + path);
        browser.waitFor(page, "document.getElementById('status').textContent === 'connected'", WAIT);
        return page;
    }

    @Test
    void buttonPageAnswersGetPageDataWithWhatItShows() throws Exception {
        int page = openConnected("/button");
        String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        browser.click(page, "#fan");
        browser.click(page, "#alarm");

        try (McpSyncClient client =
                McpClients.connect(server.baseUri(), "mcp-button-state", Transport.STREAMABLE_HTTP)) {
            CallToolResult result = call(client, "get_page_data", Map.of("session_id", sessionId));

            assertThat(result.isError()).as(text(result)).isFalse();
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) result.structuredContent();
            assertThat(state)
                    .containsEntry("title", "MCP Button State")
                    .containsEntry("url", server.baseUri() + "/button");
            assertThat((String) state.get("visible_text")).contains("session_id: " + sessionId);
            assertThat(state.get("buttons"))
                    .isEqualTo(List.of(
                            Map.of("id", "lights", "label", "Lights", "pressed", false),
                            Map.of("id", "music", "label", "Music", "pressed", false),
                            Map.of("id", "fan", "label", "Fan", "pressed", true),
                            Map.of("id", "alarm", "label", "Alarm", "pressed", true)));
            assertThat(state.get("links").toString()).contains(server.baseUri() + "/strudel");
        }
        browser.waitFor(
                page, "document.getElementById('log').textContent.includes('The assistant read this page')", WAIT);
        browser.screenshot(page, SCREENSHOTS.resolve("button.png"));
        browser.closePage(page);
    }

    @Test
    void buttonPageKeepsItsSessionAndItsButtonsAcrossAReload() throws Exception {
        int page = openConnected("/button");
        String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        browser.click(page, "#music");

        browser.reload(page);
        browser.waitFor(page, "document.getElementById('status').textContent === 'connected'", WAIT);

        assertThat(browser.text(page, "document.getElementById('session-id').textContent"))
                .isEqualTo(sessionId);
        assertThat(browser.text(page, "document.getElementById('music').getAttribute('aria-pressed')"))
                .isEqualTo("true");
        try (McpSyncClient client =
                McpClients.connect(server.baseUri(), "mcp-button-state", Transport.STREAMABLE_HTTP)) {
            CallToolResult result = call(client, "get_page_data", Map.of("session_id", sessionId));
            assertThat(text(result)).contains("\"id\" : \"music\"");
            assertThat(result.isError()).isFalse();
        }
        assertThat(server.manager("button").getSessions()).containsEntry(sessionId, 1);
        browser.closePage(page);
    }

    @Test
    void theBrowserClientHearsThatARequestWasCancelledAndDoesNotAnswerIt() throws Exception {
        int page = openConnected("/button");
        String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        // A second client of the page's session, whose handler of "think" never answers.
        browser.eval(
                page,
                "window.second = new McpUi.Client({config: McpUi.readConfig(), handlers: {"
                        + "'think': (message) => { window.thinking = message; },"
                        + "'cancel': (message) => { window.cancelledId = message.request_id; }},"
                        + "onStatus: (status) => { window.secondStatus = status; }});"
                        + "window.second.connect(); true");
        browser.waitFor(page, "window.secondStatus === 'open'", WAIT);

        CompletableFuture<InboundMessage> asked =
                server.manager("button").request(sessionId, Map.of("type", "think"), Duration.ofSeconds(30));
        browser.waitFor(page, "window.thinking !== undefined", WAIT);
        asked.cancel(false);

        browser.waitFor(page, "window.cancelledId === window.thinking.request_id", WAIT);
        assertThat(browser.eval(page, "window.second.isCancelled(window.thinking)")
                        .asBoolean())
                .isTrue();
        assertThat(browser.eval(page, "window.second.reply(window.thinking, {type: 'too-late'})")
                        .asBoolean())
                .isFalse();
        browser.closePage(page);
    }

    @Test
    void strudelPagePlaysWhatTheAssistantSendsAndReportsErrors() throws Exception {
        int page = openConnected("/strudel");
        browser.waitFor(page, "document.getElementById('editor-status').textContent === 'Strudel editor ready.'", WAIT);
        String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        String code = "note(\"c e g b\").s(\"sine\").slow(2)";

        try (McpSyncClient client = McpClients.connect(server.baseUri(), "mcp-strudel", Transport.LEGACY_SSE)) {
            CallToolResult played = call(
                    client,
                    "play_code",
                    Map.of("session_id", sessionId, "code", code, "description", "a slow arpeggio"));
            assertThat(played.isError()).as(text(played)).isFalse();
            browser.waitFor(page, "document.getElementById('playing').textContent === 'playing'", WAIT);
            assertThat(browser.text(page, "document.querySelector('strudel-editor').editor.code"))
                    .isEqualTo(code);
            assertThat(browser.text(page, "document.getElementById('description').textContent"))
                    .isEqualTo("Now: a slow arpeggio");

            CallToolResult current = call(client, "get_currently_playing_code", Map.of("session_id", sessionId));
            assertThat(text(current)).isEqualTo(code);
            browser.screenshot(page, SCREENSHOTS.resolve("strudel.png"));

            CallToolResult failed =
                    call(client, "play_code", Map.of("session_id", sessionId, "code", "nosuchfunction()"));
            assertThat(failed.isError()).isTrue();
            assertThat(text(failed)).startsWith("The pattern did not evaluate: nosuchfunction is not defined.");
            // and, as before, once to the next status call
            CallToolResult status = call(client, "get_mcp_status", Map.of("session_id", sessionId));
            assertThat(text(status)).contains("nosuchfunction is not defined");

            call(client, "stop_play", Map.of("session_id", sessionId));
            browser.waitFor(page, "document.getElementById('playing').textContent === 'stopped'", WAIT);
        }
        browser.closePage(page);
        assertThat(browser.blockedRequests()).noneMatch(url -> url.contains("unpkg.com"));
    }

    @Test
    void strudelPageSaysSoWhenTheEditorCannotLoadAndStillAnswers() throws Exception {
        try (UnifiedServer broken = new UnifiedServer(TestConfigs.server()
                        .appSetting("strudel-repl-url", "/vendor/missing-editor.js")
                        .build())
                .start()) {
            int page = browser.open(broken.baseUri() + "/strudel");
            browser.waitFor(page, "document.getElementById('status').textContent === 'connected'", WAIT);
            browser.waitFor(page, "document.getElementById('editor-status').className === 'banner error'", WAIT);
            assertThat(browser.text(page, "document.getElementById('editor-status').textContent"))
                    .startsWith("The Strudel editor could not be loaded");
            String sessionId = browser.text(page, "document.getElementById('session-id').textContent");

            try (McpSyncClient client =
                    McpClients.connect(broken.baseUri(), "mcp-strudel", Transport.STREAMABLE_HTTP)) {
                call(client, "play_code", Map.of("session_id", sessionId, "code", "s(\"bd\")"));
                browser.waitFor(page, "document.getElementById('fallback-code').value === 's(\"bd\")'", WAIT);
                assertThat(text(call(client, "get_currently_playing_code", Map.of("session_id", sessionId))))
                        .isEqualTo("s(\"bd\")");
            }
            browser.screenshot(page, SCREENSHOTS.resolve("strudel-without-editor.png"));
            browser.closePage(page);
        }
    }

    @Test
    void pageReconnectsWithItsSessionIdAfterTheServerDropsIt() throws Exception {
        int page = openConnected("/button");
        String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        server.manager("button").getSessionConnection(sessionId).orElseThrow().close(1011, "test drops it");

        browser.waitFor(page, "document.getElementById('log').textContent.includes('Connection lost (1011)')", WAIT);
        browser.waitFor(page, "document.getElementById('status').textContent === 'connected'", WAIT);
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> server.manager("button").getSessions().get(sessionId),
                        count -> count != null && count == 1);
        browser.closePage(page);
    }

    @Test
    void clientGivesUpWhenEveryHandshakeIsRefused() throws Exception {
        int page = openConnected("/button");
        // A second client on the page with a token the server never issued: each handshake gets
        // 403, which the browser reports as a bare 1006. It must stop retrying and say so.
        browser.text(page, """
                (() => {
                  window.statuses = [];
                  const config = Object.assign({}, McpUi.readConfig(), { token: 'forged.token' });
                  new McpUi.Client({
                    config, minBackoffMs: 10, maxBackoffMs: 20, maxFailedHandshakes: 3,
                    onStatus: (status, detail) => window.statuses.push(status + ':' + (detail.reason || '')),
                  }).connect();
                  return 'started';
                })()""");

        browser.waitFor(page, "window.statuses.some((s) => s.startsWith('refused:'))", WAIT);
        String statuses = browser.text(page, "window.statuses.join('|')");
        assertThat(statuses.split("\\|"))
                .filteredOn(status -> status.startsWith("connecting"))
                .hasSize(3);
        assertThat(statuses).endsWith("refused:no connection after 3 attempts (server down, or the page is too old)");
        browser.closePage(page);
    }

    @Test
    void pageThatLosesItsConnectionGetsWhatWasSentMeanwhileExactlyOnceInOrder() throws Exception {
        int page = browser.open(server.baseUri() + "/notes");
        browser.waitFor(page, "document.getElementById('session-id').textContent.length > 0", WAIT);
        String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
        var notes = server.manager("notes");
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> notes.getSessionIds().contains(sessionId));

        for (int i = 0; i < 20; i++) {
            notes.sendToSession(sessionId, Map.of("type", "pin-note", "text", "note " + i));
        }
        notes.getSessionConnection(sessionId).orElseThrow().close(1011, "the network went away");
        for (int i = 20; i < 40; i++) {
            notes.sendToSession(sessionId, Map.of("type", "pin-note", "text", "note " + i));
        }

        browser.waitFor(page, "document.querySelectorAll('#notes li').length >= 40", WAIT);
        String shown = browser.text(
                page, "Array.from(document.querySelectorAll('#notes li')).map((li) => li.textContent).join('|')");
        assertThat(shown.split("\\|"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40)
                        .mapToObj(i -> "note " + i)
                        .toList());
        browser.closePage(page);
    }
}
