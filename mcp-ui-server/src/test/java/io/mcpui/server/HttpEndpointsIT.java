package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.RawHttp;
import io.mcpui.server.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The admin API, pages, index, health, metrics and the MCP endpoints' HTTP-level checks. */
class HttpEndpointsIT {

    private static final String MCP_ACCEPT = "application/json, text/event-stream";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private static HttpResponse<String> get(String path) throws Exception {
        return Http.get(base, path);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return Http.post(base, path, body);
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    }

    private static Map<String, Object> echo(Map<String, Object> message) {
        return Map.of("type", "reply", "echo", message.get("type"));
    }

    private static FakePage page(String app) throws Exception {
        FakePage page = FakePage.open(base, app, HttpEndpointsIT::echo);
        await().atMost(WAIT).until(() -> server.manager(app).getSessionIds().contains(page.sessionId()));
        return page;
    }

    @Test
    void sessionsAreListedWithConnectionCounts() throws Exception {
        try (FakePage tab1 = page("button");
                FakePage tab2 = FakePage.tabOf(tab1, base, "button", HttpEndpointsIT::echo)) {
            await().atMost(WAIT)
                    .until(
                            () -> server.manager("button").getSessions().get(tab1.sessionId()),
                            count -> count != null && count == 2);

            HttpResponse<String> response = get("/api/button/sessions");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sessions =
                    (List<Map<String, Object>>) json(response).get("sessions");
            assertThat(sessions).contains(Map.of("session_id", tab1.sessionId(), "connections", 2));
        }
    }

    @Test
    void broadcastReachesEveryPageOfTheApp() throws Exception {
        try (FakePage one = page("strudel");
                FakePage two = page("strudel")) {
            HttpResponse<String> response = post("/api/strudel/broadcast", "{\"type\":\"strudel-stop\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((Integer) json(response).get("delivered")).isGreaterThanOrEqualTo(2);
            assertThat(one.next(WAIT)).isEqualTo(Map.of("type", "strudel-stop"));
            assertThat(two.next(WAIT)).isEqualTo(Map.of("type", "strudel-stop"));
        }
    }

    @Test
    void messageReachesOneSessionOr404() throws Exception {
        try (FakePage target = page("strudel")) {
            HttpResponse<String> sent =
                    post("/api/strudel/sessions/" + target.sessionId() + "/messages", "{\"type\":\"strudel-stop\"}");
            HttpResponse<String> unknown = post("/api/strudel/sessions/nobody9/messages", "{\"type\":\"x\"}");

            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(json(sent)).isEqualTo(Map.of("delivered", 1));
            assertThat(target.next(WAIT)).containsEntry("type", "strudel-stop");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("error"))
                    .isEqualTo("Session nobody9 is not connected; open " + base + "/strudel to get a session id");
        }
    }

    @Test
    void requestWaitsForThePagesReply() throws Exception {
        try (FakePage target = page("button")) {
            HttpResponse<String> response =
                    post("/api/button/sessions/" + target.sessionId() + "/requests", "{\"type\":\"get-page-data\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            Map<String, Object> reply = (Map<String, Object>) json(response).get("reply");
            assertThat(reply)
                    .containsEntry("type", "reply")
                    .containsEntry("echo", "get-page-data")
                    .containsKey("request_id");
        }
    }

    @Test
    void requestToASilentPageTimesOutWith504() throws Exception {
        try (FakePage silent = FakePage.silent(base, "button")) {
            await().atMost(WAIT)
                    .until(() -> server.manager("button").getSessionIds().contains(silent.sessionId()));

            HttpResponse<String> response =
                    post("/api/button/sessions/" + silent.sessionId() + "/requests?timeout_ms=300", "{\"type\":\"q\"}");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat((String) json(response).get("error")).contains("did not reply to request");
        }
    }

    @Test
    void requestToAnUnknownSessionIs404() throws Exception {
        HttpResponse<String> response = post("/api/button/sessions/ghost1/requests", "{\"type\":\"q\"}");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void aMessageWithItsOwnSeqIsRefusedNotSilentlyRenumbered() throws Exception {
        try (FakePage page = page("button")) {
            HttpResponse<String> response =
                    post("/api/button/sessions/" + page.sessionId() + "/messages", "{\"type\":\"x\",\"seq\":5}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat((String) json(response).get("error"))
                    .contains("has its own \"seq\" field, which the connection manager sets itself");
        }
    }

    @Test
    void badInputGetsAClearError() throws Exception {
        HttpResponse<String> notJson = post("/api/button/broadcast", "this is not json");
        HttpResponse<String> array = post("/api/button/broadcast", "[1,2]");
        HttpResponse<String> badTimeout = post("/api/button/sessions/x/requests?timeout_ms=abc", "{}");
        HttpResponse<String> tooLarge = post("/api/button/broadcast", "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
        HttpResponse<String> wrongMethod = get("/api/button/broadcast");
        HttpResponse<String> noSuchEndpoint = post("/api/button/nothing", "{}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error"))
                .isEqualTo("The body must be a JSON object, e.g. {\"type\":\"strudel-stop\"}");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(badTimeout.statusCode()).isEqualTo(400);
        assertThat((String) json(badTimeout).get("error")).contains("timeout_ms must be a whole number");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(noSuchEndpoint.statusCode()).isEqualTo(404);
        assertThat((String) json(noSuchEndpoint).get("error")).contains("GET /api/button/sessions");
    }

    @Test
    void pageCarriesAFreshSessionIdEachTime() throws Exception {
        HttpResponse<String> first = get("/button");
        HttpResponse<String> second = get("/button");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        String config1 = configOf(first.body());
        String config2 = configOf(second.body());
        Map<String, Object> parsed = JSON.readValue(config1, new TypeReference<Map<String, Object>>() {});
        assertThat((String) parsed.get("sessionId")).matches("[a-z]{3}[0-9]");
        assertThat(parsed).containsEntry("wsPath", "/button/ws").containsEntry("app", "button");
        assertThat(config1).isNotEqualTo(config2);
    }

    @Test
    void strudelPageIsToldWhereTheEditorIs() throws Exception {
        Map<String, Object> config =
                JSON.readValue(configOf(get("/strudel").body()), new TypeReference<Map<String, Object>>() {});

        assertThat(config).containsEntry("strudelReplUrl", "https://unpkg.com/@strudel/repl@1.3.0/dist/index.js");
    }

    @Test
    void indexListsEveryEndpointOfEveryApp() throws Exception {
        Map<String, Object> index = json(get("/"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> apps = (List<Map<String, Object>>) index.get("apps");
        assertThat(apps).extracting(app -> app.get("mcp_name")).startsWith("mcp-button-state", "mcp-strudel");
        assertThat(apps.get(0))
                .containsEntry("page", base + "/button")
                .containsEntry("mcp_sse", base + "/mcp-button-state/sse")
                .containsEntry("mcp_streamable_http", base + "/mcp-button-state/mcp")
                .containsEntry("admin_api", base + "/api/button");
        assertThat(index).containsEntry("health", base + "/health");
    }

    @Test
    void healthReportsOk() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("status", "ok").containsKey("apps");
    }

    @Test
    void metricsAreInPrometheusFormatAndCountPageRequests() throws Exception {
        try (FakePage target = page("button")) {
            post("/api/button/sessions/" + target.sessionId() + "/requests", "{\"type\":\"q\"}");

            // Recorded as the reply completes, which may be a moment after the HTTP answer.
            await().atMost(WAIT)
                    .until(() -> get("/metrics").body().contains("mcpui_page_requests_seconds_count{app=\"button\""));
            HttpResponse<String> response = get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("mcpui_connections{app=\"button\"}")
                    .contains("mcpui_messages_sent_total{app=\"button\"}")
                    .contains("mcpui_messages_dropped_total{app=\"button\"}")
                    .contains("mcpui_messages_failed_total{app=\"button\"}")
                    .containsPattern("mcpui_page_requests_seconds_count\\{app=\"button\",outcome=\"ok\"\\} [1-9]");
        }
    }

    @Test
    void unknownPathIsAJson404() throws Exception {
        HttpResponse<String> response = get("/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error")).isEqualTo("Nothing at /no/such/thing; GET / lists the endpoints");
    }

    @Test
    void staticFilesAreServedWithoutListingsOrEscapes() throws Exception {
        assertThat(get("/static/mcp-ui-client.js").statusCode()).isEqualTo(200);
        assertThat(get("/static/").statusCode()).isIn(403, 404);
        assertThat(RawHttp.send(base, "GET", "/static/../../pom.xml", "Host: 127.0.0.1\r\n", "")
                        .status())
                .isIn(400, 404);
    }

    @Test
    void mcpEndpointsRefuseAForeignOrigin() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
        HttpResponse<String> foreign = Http.post(
                base, "/mcp-button-state/mcp", initialize, "Origin", "http://evil.example", "Accept", MCP_ACCEPT);

        assertThat(foreign.statusCode()).isEqualTo(403);
    }

    @Test
    void mcpEndpointsRefuseAForeignHost() throws Exception {
        RawHttp.Response response = RawHttp.send(
                base,
                "POST",
                "/mcp-button-state/mcp",
                "Host: evil.example\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");

        assertThat(response.status()).isEqualTo(421);
    }

    @Test
    void mcpErrorResponsesCarryNoStackTrace() throws Exception {
        HttpResponse<String> response = Http.post(
                base,
                "/mcp-button-state/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}",
                "Mcp-Session-Id",
                "bogus-session",
                "Accept",
                MCP_ACCEPT);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body())
                .doesNotContain("stackTrace")
                .doesNotContain("at io.")
                .doesNotContain("java.")
                .doesNotContain("Exception");
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("jsonrpc", "2.0").containsKey("error");
    }

    private static String configOf(String html) {
        int start = html.indexOf("<script id=\"mcp-ui-config\" type=\"application/json\">");
        int end = html.indexOf("</script>", start);
        return html.substring(html.indexOf('>', start) + 1, end);
    }
}
