package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import io.mcpui.server.testing.TsMcpClient;
import io.mcpui.server.testing.TsMcpClient.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * One MCP URL, both protocol eras, through the official TypeScript client (v2, from npm): a
 * client pinned to 2026-07-28, one that negotiates, and one that speaks 2025. Cancellation and
 * progress reach the page and the client on both eras.
 */
class ProtocolErasIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static UnifiedServer server;
    private static URI base;
    private static NodeDriver node;

    @BeforeAll
    static void start() throws Exception {
        server = new UnifiedServer(TestConfigs.server().build()).start();
        base = server.baseUri();
        node = NodeDriver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        server.close();
    }

    private static TsMcpClient client(Mode mode) throws Exception {
        return TsMcpClient.connect(node, base + "/mcp-button-state/mcp", mode);
    }

    private static FakePage silentButtonPage() throws Exception {
        FakePage page = FakePage.silent(base, "button");
        await().atMost(WAIT)
                .until(() -> server.manager("button").getSessionIds().contains(page.sessionId()));
        return page;
    }

    @Test
    void eachModeNegotiatesItsEraOnTheSameUrl() throws Exception {
        try (TsMcpClient pinned = client(Mode.PIN_2026);
                TsMcpClient auto = client(Mode.AUTO);
                TsMcpClient legacy = client(Mode.LEGACY)) {
            assertThat(pinned.protocolVersion()).isEqualTo("2026-07-28");
            assertThat(auto.protocolVersion()).isEqualTo("2026-07-28");
            assertThat(legacy.protocolVersion()).isEqualTo("2025-11-25");
            for (TsMcpClient client : List.of(pinned, auto, legacy)) {
                assertThat(client.toolNames())
                        .containsExactly("get_page_data", "get_connection_status", "show_buttons");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aToolAnswersTheSameOnEveryEra(Mode mode) throws Exception {
        try (FakePage page = FakePage.open(
                        base,
                        "button",
                        message -> Map.of("type", "button-state-response", "state", Map.of("title", "Lights")));
                TsMcpClient client = client(mode)) {
            await().atMost(WAIT)
                    .until(() -> server.manager("button").getSessionIds().contains(page.sessionId()));

            JsonNode found = client.call("get_page_data", Map.of("session_id", page.sessionId()), false)
                    .get("result");
            JsonNode missing = client.call("get_page_data", Map.of("session_id", "nope9"), false)
                    .get("result");

            assertThat(found.get("isError").asBoolean(false)).isFalse();
            assertThat(found.get("structuredContent").get("title").asString()).isEqualTo("Lights");
            assertThat(missing.get("isError").asBoolean()).isTrue();
            assertThat(missing.get("content").get(0).get("text").asString())
                    .isEqualTo("Session nope9 is not connected: open " + base
                            + "/button and tell me the session id it shows.");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Mode.class,
            names = {"PIN_2026", "LEGACY"})
    void aClientThatGivesUpCancelsThePageRequestAndThePageIsTold(Mode mode) throws Exception {
        long cancelledBefore = server.manager("button").stats().requestsCancelled();
        try (FakePage page = silentButtonPage();
                TsMcpClient client = client(mode)) {
            int call = client.startCall("get_page_data", Map.of("session_id", page.sessionId()));
            Map<String, Object> asked = page.next(WAIT);
            assertThat(asked).containsEntry("type", "get-page-data");

            client.abort(call);

            Map<String, Object> cancel = page.next(WAIT);
            assertThat(cancel).containsEntry("type", "cancel").containsEntry("request_id", asked.get("request_id"));
            await().atMost(WAIT).until(() -> server.manager("button").stats().pendingRequests() == 0);
            assertThat(server.manager("button").stats().requestsCancelled()).isEqualTo(cancelledBefore + 1);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(Http.get(base, "/metrics").body())
                            .contains("mcpui_requests_cancelled_total{app=\"button\"}")
                            .containsPattern("mcpui_tool_calls_total\\{[^}]*outcome=\"cancelled\"[^}]*\\}"));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Mode.class,
            names = {"PIN_2026", "LEGACY"})
    void aClientThatAskedForProgressHearsWhileThePageThinks(Mode mode) throws Exception {
        try (FakePage page = silentButtonPage();
                TsMcpClient client = client(mode)) {
            // The page answers after six seconds, like a page that has to think.
            CompletableFuture<JsonNode> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.call("get_page_data", Map.of("session_id", page.sessionId()), true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, Object> asked = page.next(WAIT);
            CompletableFuture.runAsync(
                    () -> page.send(Map.of(
                            "type",
                            "button-state-response",
                            "request_id",
                            asked.get("request_id"),
                            "state",
                            Map.of("title", "thought about it"))),
                    CompletableFuture.delayedExecutor(6, TimeUnit.SECONDS));

            JsonNode answer = result.get(30, TimeUnit.SECONDS);

            assertThat(answer.get("result")
                            .get("structuredContent")
                            .get("title")
                            .asString())
                    .isEqualTo("thought about it");
            List<String> heard = answer.get("progress")
                    .valueStream()
                    .map(update -> update.get("message").asString())
                    .toList();
            assertThat(heard).first().asString().startsWith("Asked the page of session " + page.sessionId());
            assertThat(heard).anySatisfy(message -> assertThat(message).startsWith("Still working on get_page_data"));
        }
    }
}
