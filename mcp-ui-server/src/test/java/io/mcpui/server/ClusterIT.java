package io.mcpui.server;

import static io.mcpui.server.testing.McpClients.call;
import static io.mcpui.server.testing.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.redis.RedisProcess;
import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.McpClients;
import io.mcpui.server.testing.McpClients.Transport;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.PageConfig;
import io.mcpui.server.testing.ServerProcess;
import io.mcpui.server.testing.TestConfigs;
import io.mcpui.server.testing.TsMcpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Three server nodes sharing one Redis: any node reaches any page. */
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "cluster-secret-shared-by-all-nodes!";

    private static RedisProcess redis;
    private static UnifiedServer nodeA;
    private static UnifiedServer nodeB;
    private static UnifiedServer nodeC;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        nodeA = node();
        nodeB = node();
        nodeC = node();
    }

    @AfterAll
    static void stop() throws Exception {
        for (UnifiedServer node : List.of(nodeA, nodeB, nodeC)) {
            node.close();
        }
        redis.close();
    }

    private static UnifiedServer node() throws Exception {
        return new UnifiedServer(TestConfigs.server()
                        .redisUrl(redis.url())
                        .sessionSecret(SECRET)
                        .build())
                .start();
    }

    private static FakePage buttonPageOn(UnifiedServer node) throws Exception {
        FakePage page = FakePage.open(
                node.baseUri(),
                "button",
                message -> Map.of(
                        "type",
                        "button-state-response",
                        "state",
                        Map.of("served_by", node.baseUri().toString())));
        awaitEverywhere("button", page.sessionId());
        return page;
    }

    private static void awaitEverywhere(String app, String sessionId) {
        for (UnifiedServer node : List.of(nodeA, nodeB, nodeC)) {
            await().atMost(WAIT).until(() -> node.manager(app).getSessionIds().contains(sessionId));
        }
    }

    @Test
    void toolCallOnOneNodeReachesAPageOnAnother() throws Exception {
        try (FakePage page = buttonPageOn(nodeC);
                McpSyncClient client =
                        McpClients.connect(nodeA.baseUri(), "mcp-button-state", Transport.STREAMABLE_HTTP)) {
            CallToolResult result = call(client, "get_page_data", Map.of("session_id", page.sessionId()));

            assertThat(result.isError()).as(text(result)).isFalse();
            assertThat(result.structuredContent())
                    .isEqualTo(Map.of("served_by", nodeC.baseUri().toString()));
        }
    }

    @Test
    void anEvaluationErrorReportedToOneNodeIsToldByAnother() throws Exception {
        try (FakePage page = FakePage.open(nodeB.baseUri(), "strudel", message -> null);
                McpSyncClient client = McpClients.connect(nodeA.baseUri(), "mcp-strudel", Transport.STREAMABLE_HTTP)) {
            page.send(Map.of("type", "evaluation-error", "error", "SyntaxError: Unexpected token", "code", "s(\"bd"));
            // Node B stores it as it reads the frame; node A's status call tells it.
            await().atMost(WAIT)
                    .until(() -> text(call(client, "get_mcp_status", Map.of("session_id", page.sessionId())))
                            .contains("SyntaxError: Unexpected token"));

            CallToolResult again = call(client, "get_mcp_status", Map.of("session_id", page.sessionId()));
            assertThat(text(again)).doesNotContain("SyntaxError"); // reported once
        }
    }

    @Test
    void playCodeOnOneNodeReachesAStrudelPageOnAnother() throws Exception {
        // The page answers the play with its evaluation, which travels back to node A.
        try (FakePage page = FakePage.open(
                        nodeB.baseUri(),
                        "strudel",
                        message ->
                                Map.of("type", "strudel-evaluated", "ok", true, "playing_code", message.get("code")));
                McpSyncClient client = McpClients.connect(nodeA.baseUri(), "mcp-strudel", Transport.LEGACY_SSE)) {
            awaitEverywhere("strudel", page.sessionId());

            CallToolResult played =
                    call(client, "play_code", Map.of("session_id", page.sessionId(), "code", "s(\"bd sd\")"));

            assertThat(played.isError()).as(text(played)).isFalse();
            assertThat(text(played)).startsWith("Playing on session " + page.sessionId());
            assertThat(page.next(WAIT)).containsEntry("type", "strudel-code").containsEntry("seq", 1);
        }
    }

    @Test
    void broadcastFromOneNodeReachesPagesOnEveryNodeExactlyOnce() throws Exception {
        List<FakePage> pages = new ArrayList<>();
        try {
            for (UnifiedServer node : List.of(nodeA, nodeB, nodeC)) {
                FakePage page = FakePage.open(node.baseUri(), "strudel", message -> null);
                pages.add(page);
                awaitEverywhere("strudel", page.sessionId());
            }

            HttpResponse<String> response =
                    Http.post(nodeB.baseUri(), "/api/strudel/broadcast", "{\"type\":\"strudel-stop\",\"id\":\"b1\"}");
            assertThat(response.statusCode()).isEqualTo(200);

            for (FakePage page : pages) {
                assertThat(page.next(WAIT)).isEqualTo(Map.of("type", "strudel-stop", "id", "b1"));
            }
            // A unicast after the broadcast arrives next: no second copy came in between.
            for (FakePage page : pages) {
                nodeA.manager("strudel").sendToSession(page.sessionId(), Map.of("type", "marker"));
                assertThat(page.next(WAIT)).containsEntry("type", "marker");
            }
        } finally {
            pages.forEach(FakePage::close);
        }
    }

    @Test
    void adminRequestOnOneNodeIsAnsweredByAPageOnAnother() throws Exception {
        try (FakePage page = buttonPageOn(nodeB)) {
            HttpResponse<String> response = Http.post(
                    nodeC.baseUri(),
                    "/api/button/sessions/" + page.sessionId() + "/requests",
                    "{\"type\":\"get-page-data\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains(nodeB.baseUri().toString());
        }
    }

    @Test
    void pageLoadedFromOneNodeMayConnectToAnother() throws Exception {
        Map<String, Object> config = PageConfig.load(nodeA.baseUri(), "button");
        String query = "?session_id=" + config.get("sessionId") + "&token=" + config.get("token");
        URI onC = URI.create(nodeC.baseUri().toString().replaceFirst("^http", "ws") + "/button/ws" + query);

        var page = io.mcpui.connection.testkit.PageClient.connect(onC);
        awaitEverywhere("button", (String) config.get("sessionId"));
        page.close();
    }

    @Test
    void idsAreUniqueAcrossNodesUnderContention() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> duplicates = new ArrayList<>();
        for (UnifiedServer node : List.of(nodeA, nodeB, nodeC, nodeA, nodeB, nodeC)) {
            duplicates.add(pool.submit(() -> {
                int repeated = 0;
                for (int i = 0; i < 300; i++) {
                    if (!ids.add(node.manager("button").generateSessionId())) {
                        repeated++;
                    }
                }
                return repeated;
            }));
        }
        int repeated = 0;
        for (Future<Integer> result : duplicates) {
            repeated += result.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(repeated).isZero();
        assertThat(ids).hasSize(1800);
    }

    @Test
    void nodeKilledAbruptlyLosesItsSessionsFromTheClusterWithinFifteenSeconds() throws Exception {
        int port = ServerProcess.freePort();
        ServerProcess doomed = ServerProcess.start(
                Map.of("PORT", String.valueOf(port), "REDIS_URL", redis.url(), "SESSION_SECRET", SECRET));
        try {
            URI doomedBase = URI.create("http://127.0.0.1:" + port);
            FakePage page = FakePage.open(doomedBase, "button", message -> null);
            await().atMost(WAIT)
                    .until(() -> nodeA.manager("button").getSessionIds().contains(page.sessionId()));

            doomed.process().destroyForcibly(); // SIGKILL: no goodbye
            long killedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(16))
                    .until(() -> !nodeA.manager("button").getSessionIds().contains(page.sessionId()));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThanOrEqualTo(Duration.ofSeconds(16));
        } finally {
            doomed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aModernClientIsAnsweredByWhicheverNodeItsRequestsReach() throws Exception {
        try (FakePage page = buttonPageOn(nodeC);
                NodeDriver driver = NodeDriver.start();
                TsMcpClient client = TsMcpClient.connect(
                        driver,
                        nodeA.baseUri() + "/mcp-button-state/mcp",
                        TsMcpClient.Mode.PIN_2026,
                        nodeB.baseUri().toString())) {
            assertThat(client.protocolVersion()).isEqualTo("2026-07-28");

            for (int i = 0; i < 4; i++) {
                JsonNode result = client.call("get_page_data", Map.of("session_id", page.sessionId()), false)
                        .get("result");
                assertThat(result.get("isError").asBoolean(false))
                        .as(result.toString())
                        .isFalse();
                assertThat(result.get("structuredContent").get("served_by").asString())
                        .isEqualTo(nodeC.baseUri().toString());
            }

            JsonNode counts = client.requestCounts();
            assertThat(counts.get(nodeA.baseUri().getAuthority()).asInt()).isGreaterThanOrEqualTo(2);
            assertThat(counts.get(nodeB.baseUri().getAuthority()).asInt()).isGreaterThanOrEqualTo(2);
        }
    }
}
