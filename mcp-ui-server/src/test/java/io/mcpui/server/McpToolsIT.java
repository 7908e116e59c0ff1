package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.TestConfigs;
import io.mcpui.server.testing.ToolClient;
import io.mcpui.server.testing.ToolClient.Result;
import io.mcpui.server.testing.ToolClient.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every tool of both apps, through the real MCP Java SDK clients, on every transport of both protocol eras. */
class McpToolsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static UnifiedServer server;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        server = new UnifiedServer(TestConfigs.server().build()).start();
        base = server.baseUri();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static FakePage buttonPage() throws Exception {
        AtomicReference<String> id = new AtomicReference<>();
        FakePage page = FakePage.open(
                base,
                "button",
                message -> Map.of(
                        "type",
                        "button-state-response",
                        "state",
                        Map.of(
                                "title",
                                "Page of " + id.get(),
                                "buttons",
                                List.of(Map.of("id", "fan", "pressed", true)))));
        id.set(page.sessionId());
        awaitSession("button", page.sessionId());
        return page;
    }

    private static FakePage strudelPage(Function<Map<String, Object>, Map<String, Object>> responder) throws Exception {
        FakePage page = FakePage.open(base, "strudel", responder);
        awaitSession("strudel", page.sessionId());
        return page;
    }

    private static void awaitSession(String app, String sessionId) {
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> server.manager(app).getSessionIds().contains(sessionId));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void toolsAreListedWithInputSchemas(Transport transport) {
        try (ToolClient button = ToolClient.open(base, "mcp-button-state", transport);
                ToolClient strudel = ToolClient.open(base, "mcp-strudel", transport)) {
            List<ToolClient.Tool> buttonTools = button.tools();
            List<ToolClient.Tool> strudelTools = strudel.tools();

            assertThat(buttonTools)
                    .extracting(ToolClient.Tool::name)
                    .containsExactly("get_page_data", "get_connection_status", "show_buttons");
            assertThat(strudelTools)
                    .extracting(ToolClient.Tool::name)
                    .containsExactly(
                            "play_code",
                            "edit_code",
                            "append_code",
                            "stop_play",
                            "get_currently_playing_code",
                            "get_history",
                            "undo",
                            "play_from_history",
                            "get_tempo",
                            "set_tempo",
                            "get_mcp_status",
                            "get_strudel_quick_reference");
            ToolClient.Tool playCode = strudelTools.get(0);
            assertThat(playCode.inputSchema()).containsEntry("type", "object");
            // session_id is optional: in a chat that shows views, play_code without it opens one
            assertThat(playCode.inputSchema().get("required")).isEqualTo(List.of("code"));
            assertThat(button.serverName()).isEqualTo("mcp-button-state");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void getPageDataReturnsWhatThePageAnswered(Transport transport) throws Exception {
        try (FakePage page = buttonPage();
                ToolClient client = ToolClient.open(base, "mcp-button-state", transport)) {
            String sessionId = page.sessionId();
            Result result = client.call("get_page_data", Map.of("session_id", sessionId));

            assertThat(result.isError()).isFalse();
            assertThat(result.structuredContent())
                    .isEqualTo(Map.of(
                            "title", "Page of " + sessionId, "buttons", List.of(Map.of("id", "fan", "pressed", true))));
            assertThat(result.text()).contains("\"title\" : \"Page of " + sessionId + "\"");
            assertThat(page.next(WAIT)).containsEntry("type", "get-page-data").containsKey("timestamp");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectionStatusListsTheConnectedSessions(Transport transport) throws Exception {
        try (FakePage page = buttonPage();
                ToolClient client = ToolClient.open(base, "mcp-button-state", transport)) {
            String sessionId = page.sessionId();
            Result result = client.call("get_connection_status", Map.of());

            assertThat(result.isError()).isFalse();
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) result.structuredContent();
            assertThat(status).containsEntry("connected", true);
            assertThat(status.get("sessions")).isEqualTo(Map.of(sessionId, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unknownSessionIsAnErrorThatSaysWhatToDo(Transport transport) {
        try (ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            Result result = client.call("play_code", Map.of("session_id", "ABC7", "code", "s(\"bd\")"));

            assertThat(result.isError()).isTrue();
            assertThat(result.text())
                    .isEqualTo("Session ABC7 is not connected: open " + base
                            + "/strudel and tell me the session id it shows.");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatShowsNoViewsStillNeedsTheSessionId(Transport transport) {
        try (ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            Result result = client.call("play_code", Map.of("code", "s(\"bd\")"));

            assertThat(result.isError()).isTrue();
            assertThat(result.text()).isEqualTo("Missing argument 'session_id' for tool play_code.");
            assertThat(result.structuredContent()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void missingArgumentIsAnErrorThatNamesIt(Transport transport) {
        try (ToolClient client = ToolClient.open(base, "mcp-button-state", transport)) {
            Result missing = client.call("get_page_data", Map.of());
            Map<String, Object> nullArgument = new HashMap<>();
            nullArgument.put("session_id", null);
            Result explicitNull = client.call("get_page_data", nullArgument);

            for (Result result : List.of(missing, explicitNull)) {
                assertThat(result.isError()).isTrue();
                assertThat(result.text()).isEqualTo("Missing argument 'session_id' for tool get_page_data.");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void playCodeAndStopReachThePage(Transport transport) throws Exception {
        try (FakePage page = strudelPage(message -> evaluated(true, null, message));
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result played = client.call(
                    "play_code", Map.of("session_id", sessionId, "code", "s(\"bd sd\")", "description", "a beat"));
            Result stopped = client.call("stop_play", Map.of("session_id", sessionId));

            assertThat(played.isError()).as(played.text()).isFalse();
            assertThat(played.text())
                    .isEqualTo("Playing on session " + sessionId + " at 0.5 cycles per second (120 BPM).");
            assertThat(page.next(WAIT))
                    .containsEntry("type", "strudel-code")
                    .containsEntry("code", "s(\"bd sd\")")
                    .containsEntry("autoplay", true)
                    .containsEntry("metadata", Map.of("description", "a beat"));
            // the page shows the session's history, which now has the pattern
            assertThat(page.next(WAIT))
                    .containsEntry("type", "strudel-history")
                    .extracting(shown -> shown.get("entries").toString())
                    .asString()
                    .contains("code=s(\"bd sd\")", "description=a beat");
            assertThat(stopped.isError()).isFalse();
            assertThat(page.next(WAIT)).containsEntry("type", "strudel-stop");
        }
    }

    /** What a Strudel page answers a play: it evaluated, or failed on line 1, column 9. */
    private static Map<String, Object> evaluated(boolean ok, String error, Map<String, Object> request) {
        if (!"strudel-code".equals(request.get("type"))) {
            return null;
        }
        Map<String, Object> reply = new HashMap<>(Map.of(
                "type",
                "strudel-evaluated",
                "ok",
                ok,
                "editor",
                "ready",
                "cps",
                0.5,
                "started",
                true,
                "missing_sounds",
                List.of(),
                "playing_code",
                ok ? request.get("code") : "s(\"hh*8\")"));
        if (!ok) {
            reply.putAll(Map.of("error", error, "line", 1, "column", 9));
        }
        return reply;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPatternThatFailsIsAnErrorWithWhereAndWhatStillPlays(Transport transport) throws Exception {
        try (FakePage page = strudelPage(message -> evaluated(false, "Unexpected token (1:8)", message));
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result played = client.call("play_code", Map.of("session_id", sessionId, "code", "s(\"bd*4\""));

            assertThat(played.isError()).isTrue();
            assertThat(played.text())
                    .isEqualTo("The pattern did not evaluate: Unexpected token (1:8) (line 1, column 9). The page "
                            + "still plays the pattern before it:\ns(\"hh*8\")");
            assertThat(played.structuredContent())
                    .isEqualTo(Map.ofEntries(
                            Map.entry("session_id", sessionId),
                            Map.entry("played", false),
                            Map.entry("error", "Unexpected token (1:8)"),
                            Map.entry("line", 1),
                            Map.entry("column", 9),
                            Map.entry("missing_sounds", List.of()),
                            Map.entry("playing_code", "s(\"hh*8\")"),
                            Map.entry("editor", "ready"),
                            Map.entry("cps", 0.5),
                            Map.entry("bpm", 120.0),
                            Map.entry("code", "s(\"bd*4\"")));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void editingHistoryAndTempoArgumentsAreCheckedBeforeThePageIsAsked(Transport transport) throws Exception {
        try (FakePage page = strudelPage(message -> null);
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result both = client.call(
                    "edit_code", Map.of("session_id", sessionId, "find", "bd", "start_line", 1, "replace", "sd"));
            Result neither = client.call("edit_code", Map.of("session_id", sessionId, "replace", "sd"));
            Result noHistory = client.call("undo", Map.of("session_id", sessionId));
            Result badIndex = client.call("play_from_history", Map.of("session_id", sessionId, "index", 3));
            Result noTempo = client.call("set_tempo", Map.of("session_id", sessionId));
            Result tooFast = client.call("set_tempo", Map.of("session_id", sessionId, "bpm", 100_000));

            assertThat(both.text()).isEqualTo(neither.text()).startsWith("Give either 'find'");
            assertThat(noHistory.text())
                    .isEqualTo("Session " + sessionId + " has no earlier pattern to go back to; "
                            + "get_history lists what played.");
            assertThat(badIndex.text()).startsWith("Give 'index' from 0 to -1; get_history lists the 0 pattern(s)");
            assertThat(noTempo.text()).startsWith("Give the tempo as either 'cps'");
            assertThat(tooFast.text()).startsWith("A tempo of 416.6667 cycles per second (100000 BPM) is out of range");
            assertThat(List.of(both, neither, noHistory, badIndex, noTempo, tooFast))
                    .allMatch(Result::isError);
            assertThatThrownBy(() -> page.next(Duration.ofMillis(200)))
                    .as("the page was not asked")
                    .isInstanceOf(AssertionError.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void codeThatIsEmptyOrTooLargeIsRefused(Transport transport) throws Exception {
        try (FakePage page = strudelPage(message -> null);
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result empty = client.call("play_code", Map.of("session_id", sessionId, "code", "  "));
            Result large = client.call(
                    "play_code", Map.of("session_id", sessionId, "code", "s(\"" + "bd ".repeat(22_000) + "\")"));

            assertThat(empty.isError()).isTrue();
            assertThat(empty.text()).contains("Missing argument 'code'");
            assertThat(large.isError()).isTrue();
            assertThat(large.text()).contains("the limit is 65536 bytes (64 KiB)");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void evaluationErrorIsReportedByTheNextStatusCallOnce(Transport transport) throws Exception {
        try (FakePage page = strudelPage(message -> null);
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();
            page.send(Map.of(
                    "type", "evaluation-error", "error", "ReferenceError: nosuch is not defined", "code", "nosuch()"));
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                Result status = client.call("get_mcp_status", Map.of("session_id", sessionId));
                assertThat(status.text()).contains("ReferenceError: nosuch is not defined");
            });

            Result again = client.call("get_mcp_status", Map.of("session_id", sessionId));

            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) again.structuredContent();
            assertThat(status).containsEntry("connected", true).containsEntry("tabs", 1);
            assertThat(status.get("last_evaluation_error")).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void evaluationErrorOutlivesAPageThatDropped(Transport transport) throws Exception {
        try (ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            FakePage page = strudelPage(message -> null);
            String sessionId = page.sessionId();
            page.send(Map.of("type", "evaluation-error", "error", "SyntaxError: unexpected )", "code", "s(\"bd\"))"));
            page.drop(); // the network went: the session waits for the page to resume, error and all

            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                Result status = client.call("get_mcp_status", Map.of("session_id", sessionId));
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) status.structuredContent();
                assertThat(fields).containsEntry("connected", false);
                assertThat(String.valueOf(fields.get("last_evaluation_error"))).contains("SyntaxError: unexpected )");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void currentlyPlayingCodeComesFromThePage(Transport transport) throws Exception {
        try (FakePage page =
                        strudelPage(message -> Map.of("type", "current-code-response", "code", "note(\"c e g\")"));
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result result = client.call("get_currently_playing_code", Map.of("session_id", sessionId));

            assertThat(result.isError()).isFalse();
            assertThat(result.text()).isEqualTo("note(\"c e g\")");
            assertThat(page.next(WAIT)).containsEntry("type", "get-current-code");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pageThatNeverAnswersTimesOutAndTheServerStaysHealthy(Transport transport) throws Exception {
        try (FakePage page = strudelPage(message -> null);
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result result = client.call("get_currently_playing_code", Map.of("session_id", sessionId));

            assertThat(result.isError()).isTrue();
            assertThat(result.text()).startsWith("Session " + sessionId + " did not answer within 5 s.");
            assertThat(server.manager("strudel").stats().pendingRequests()).isZero();
            assertThat(healthStatus()).isEqualTo(200);
            assertThat(client.call("get_strudel_quick_reference", Map.of()).isError())
                    .isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theQuickReferenceIsAResourceAndComposingAPrompt(Transport transport) {
        try (ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            assertThat(client.resourceUris()).contains("strudel://quick-reference");
            assertThat(client.readResource("strudel://quick-reference"))
                    .isEqualTo(
                            client.call("get_strudel_quick_reference", Map.of()).text());
            assertThat(client.promptNames()).containsExactly("compose");
            assertThat(client.prompt("compose", Map.of("style", "minimal techno", "session_id", "abc7")))
                    .startsWith("Let's compose minimal techno with Strudel on the Strudel page of session abc7.");
            // The 2026 SDK checks required prompt arguments itself, in its own words.
            assertThatThrownBy(() -> client.prompt("compose", Map.of()))
                    .hasMessageContaining(
                            transport == Transport.MODERN_2026
                                    ? "Missing required argument: style"
                                    : "Missing argument 'style' for prompt compose.");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void quickReferenceExplainsTheSyntax(Transport transport) {
        try (ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            Result result = client.call("get_strudel_quick_reference", Map.of());

            assertThat(result.isError()).isFalse();
            assertThat(result.text()).startsWith("# Strudel quick reference").contains("Mini-notation");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void fiftyConcurrentCallsToFiftySessionsAreEachAnsweredByTheirOwnPage(Transport transport) throws Exception {
        List<FakePage> pages = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try (ToolClient client = ToolClient.open(base, "mcp-button-state", transport)) {
            for (int i = 0; i < 50; i++) {
                pages.add(buttonPage());
            }
            List<Future<Result>> results = new ArrayList<>();
            for (FakePage page : pages) {
                results.add(callers.submit(() -> client.call("get_page_data", Map.of("session_id", page.sessionId()))));
            }

            for (int i = 0; i < pages.size(); i++) {
                Result result = results.get(i).get(30, TimeUnit.SECONDS);
                assertThat(result.isError()).as(result.text()).isFalse();
                assertThat(((Map<?, ?>) result.structuredContent()).get("title"))
                        .isEqualTo("Page of " + pages.get(i).sessionId());
            }
        } finally {
            callers.shutdownNow();
            pages.forEach(FakePage::close);
        }
    }

    private static int healthStatus() throws Exception {
        return Http.status(base, "/health");
    }
}
