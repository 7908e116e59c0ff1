package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

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
                            "stop_play",
                            "get_mcp_status",
                            "get_currently_playing_code",
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
        try (FakePage page = strudelPage(message -> null);
                ToolClient client = ToolClient.open(base, "mcp-strudel", transport)) {
            String sessionId = page.sessionId();

            Result played = client.call(
                    "play_code", Map.of("session_id", sessionId, "code", "s(\"bd sd\")", "description", "a beat"));
            Result stopped = client.call("stop_play", Map.of("session_id", sessionId));

            assertThat(played.isError()).isFalse();
            assertThat(played.text()).startsWith("Sent the code to 1 tab(s) of session " + sessionId);
            assertThat(page.next(WAIT))
                    .containsEntry("type", "strudel-code")
                    .containsEntry("code", "s(\"bd sd\")")
                    .containsEntry("autoplay", true)
                    .containsEntry("metadata", Map.of("description", "a beat"));
            assertThat(stopped.isError()).isFalse();
            assertThat(page.next(WAIT)).containsEntry("type", "strudel-stop");
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
