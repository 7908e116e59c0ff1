package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import io.mcpui.server.testing.ToolClient;
import io.mcpui.server.testing.ToolClient.Transport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Both apps as in-chat views (MCP Apps), in headless Chromium, in a chat host built on the
 * published {@code @modelcontextprotocol/ext-apps} host bridge with the official MCP client: the
 * host renders each app's view from the server's resource, in a sandbox on another origin under the
 * CSP the resource declares; the view connects to the session the tool result hands it; tools and
 * the admin API then reach it like any page.
 */
class InChatViewsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    private static NodeDriver browser;
    private static UnifiedServer server;
    private static String hostOrigin;
    private static String sandboxOrigin;

    @BeforeAll
    static void start() throws Exception {
        browser = NodeDriver.start();
        JsonNode chatHost = browser.startChatHost();
        hostOrigin = chatHost.get("host").asString();
        sandboxOrigin = chatHost.get("sandbox").asString();
        server = new UnifiedServer(TestConfigs.serverWithStrudelEditor()
                        // the host page calls MCP from its own origin, as browser-based hosts do
                        .allowedOrigins(List.of(hostOrigin))
                        .build())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        browser.close();
        server.close();
    }

    /** Opens the chat host with the assistant's call of {@code tool}; waits until the host showed its view. */
    private static int chatCalls(String mcpName, String tool, String argumentsJson, String extraQuery)
            throws Exception {
        String url = hostOrigin + "/host/host.html?mcp="
                + URLEncoder.encode(server.baseUri() + "/" + mcpName + "/mcp", StandardCharsets.UTF_8) + "&sandbox="
                + URLEncoder.encode(sandboxOrigin, StandardCharsets.UTF_8) + "&tool=" + tool + "&args="
                + URLEncoder.encode(argumentsJson, StandardCharsets.UTF_8) + extraQuery;
        int page = browser.open(url);
        browser.waitFor(page, "['shown', 'failed'].includes(window.host.phase)", WAIT);
        assertThat(browser.text(page, "window.host.error || 'no error'")).isEqualTo("no error");
        return page;
    }

    /** What the view shows of itself, and what went wrong in the browser: for failure messages. */
    private static String diagnostics(int page) {
        try {
            return "view status: " + browser.evalInView(page, "document.getElementById('status').textContent")
                    + "\nview log: " + browser.evalInView(page, "document.getElementById('log').textContent")
                    + "\nview text: " + browser.evalInView(page, "document.body.innerText.slice(0, 600)")
                    + "\nconsole errors: " + browser.call(Map.of("cmd", "consoleErrors"));
        } catch (Exception e) {
            return "no diagnostics: " + e;
        }
    }

    /** Waits until a string expression in the view has {@code expected}; fails with what the view shows. */
    private static void awaitInView(int page, String js, String expected) {
        awaitWithView(page, () -> browser.evalInView(page, js).asString().equals(expected));
    }

    /** Waits for {@code condition}; fails with what the view shows. */
    private static void awaitWithView(int page, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("The view did not get there\n" + diagnostics(page), e);
        }
    }

    private static String viewSession(int page) throws Exception {
        return browser.text(page, "window.host.toolResult.structuredContent.view.session_id");
    }

    @Test
    void theButtonViewRendersInTheChatAndToolsAndTheAdminApiReachIt() throws Exception {
        int page = chatCalls("mcp-button-state", "show_buttons", "{}", "&mode=auto");
        String sessionId = viewSession(page);
        awaitWithView(page, () -> server.manager("button").getSessionIds().contains(sessionId));

        assertThat(browser.text(page, "window.host.protocolVersion")).isEqualTo("2026-07-28");
        assertThat(browser.evalInView(page, "location.origin").asString()).isEqualTo(sandboxOrigin);
        assertThat(browser.evalInView(page, "document.getElementById('session-id').textContent")
                        .asString())
                .isEqualTo(sessionId);
        browser.evalInView(page, "document.getElementById('fan').click(); true");
        try (ToolClient client = ToolClient.open(server.baseUri(), "mcp-button-state", Transport.MODERN_2026)) {
            ToolClient.Result result = client.call("get_page_data", Map.of("session_id", sessionId));
            assertThat(result.isError()).as(result.text()).isFalse();
            assertThat(result.structuredContent().toString()).contains("id=fan, label=Fan, pressed=true");
        }
        HttpResponse<String> asked = Http.post(
                server.baseUri(), "/api/button/sessions/" + sessionId + "/requests", "{\"type\":\"get-page-data\"}");
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("\"title\":\"MCP Button State\"");
        assertThat(browser.eval(page, "window.host.sizes.length > 0").asBoolean())
                .isTrue();
        browser.screenshot(page, SCREENSHOTS.resolve("view-button.png"));
        browser.closePage(page);
    }

    @Test
    void playCodeWithoutASessionOpensTheStrudelViewWithThePatternInItsEditor() throws Exception {
        String code = "note(\"c e g\").s(\"triangle\")";
        int page = chatCalls(
                "mcp-strudel",
                "play_code",
                "{\"code\":" + json(code) + ",\"description\":\"a triad\"}",
                "&mode=legacy");
        String sessionId = viewSession(page);

        assertThat(browser.text(page, "window.host.protocolVersion")).isEqualTo("2025-11-25");
        assertThat(browser.text(page, "window.host.toolResult.content[0].text"))
                .contains("shows in the chat as session " + sessionId);
        awaitWithView(page, () -> server.manager("strudel").getSessionIds().contains(sessionId));
        awaitInView(
                page,
                "(document.querySelector('strudel-editor') && document.querySelector('strudel-editor').editor"
                        + " && document.querySelector('strudel-editor').editor.code) || ''",
                code);
        assertThat(browser.evalInView(page, "document.getElementById('description').textContent")
                        .asString())
                .isEqualTo("Now: a triad");
        try (ToolClient client = ToolClient.open(server.baseUri(), "mcp-strudel", Transport.STREAMABLE_HTTP)) {
            ToolClient.Result current = client.call("get_currently_playing_code", Map.of("session_id", sessionId));
            assertThat(current.text()).isEqualTo(code);
        }
        browser.screenshot(page, SCREENSHOTS.resolve("view-strudel.png"));
        browser.closePage(page);
    }

    @Test
    void aViewWhoseHostDoesNotAllowTheServersWebSocketOriginCannotConnect() throws Exception {
        int page = chatCalls("mcp-button-state", "show_buttons", "{}", "&mode=auto&csp=without-connect");
        String sessionId = viewSession(page);

        awaitInView(page, "document.getElementById('status').textContent", "blocked");
        assertThat(browser.evalInView(page, "document.getElementById('log').textContent")
                        .asString())
                .contains("does not allow connecting to ws://");
        assertThat(server.manager("button").getSessionIds()).doesNotContain(sessionId);
        browser.closePage(page);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
