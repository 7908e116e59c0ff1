package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.redis.RedisProcess;
import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's page at /admin in headless Chromium: live over server-sent events, the nodes of
 * a two-node cluster with their sessions, the recent errors; and its data refused without the
 * auth token when one is set. Screenshots go to target/screenshots/.
 */
class OperatorPageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    private static final String SECRET = "operator-page-secret-of-32-bytes-or-more";

    @Test
    void theOperatorSeesBothNodesOfAClusterTheirSessionsAndTheRecentErrors() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                UnifiedServer nodeA = node(redis);
                UnifiedServer nodeB = node(redis);
                NodeDriver browser = NodeDriver.start();
                FakePage onA = FakePage.open(nodeA.baseUri(), "button", message -> null);
                FakePage onB = FakePage.open(nodeB.baseUri(), "button", message -> null)) {
            int admin = browser.open(nodeA.baseUri() + "/admin");
            browser.waitFor(admin, "document.getElementById('status').textContent === 'live'", WAIT);

            String buttonCard = "document.querySelector('section[data-app=\"button\"]')";
            browser.waitFor(
                    admin, buttonCard + " && " + buttonCard + ".querySelectorAll('tr.node').length === 2", WAIT);
            browser.waitFor(
                    admin,
                    buttonCard + ".textContent.includes('" + onA.sessionId() + "') && " + buttonCard
                            + ".textContent.includes('" + onB.sessionId() + "')",
                    WAIT);
            String nodeOfB = nodeB.manager("button").nodeId();
            assertThat(browser.text(
                            admin,
                            "[..." + buttonCard + ".querySelectorAll('tr.session-row')].find(row => row.textContent"
                                    + ".includes('" + onB.sessionId() + "')).lastChild.textContent"))
                    .isEqualTo(nodeOfB);
            assertThat(browser.text(admin, buttonCard + ".querySelector('tr.this').textContent"))
                    .contains(nodeA.manager("button").nodeId() + " (this node)");

            Http.post(nodeA.baseUri(), "/api/button/sessions/gone1/messages", "{\"type\":\"x\"}");
            browser.waitFor(admin, "document.getElementById('errors').textContent.includes('gone1')", WAIT);
            assertThat(browser.text(admin, "document.getElementById('errors').textContent"))
                    .contains("button  admin API 404: Session gone1 is not connected");
            browser.screenshot(admin, SCREENSHOTS.resolve("admin-two-nodes.png"));
        }
    }

    @Test
    void withAnAuthTokenTheStateIsRefusedUntilThePageHasIt() throws Exception {
        try (UnifiedServer server = new UnifiedServer(TestConfigs.server()
                                .authToken("operator-token-of-some-length")
                                .build())
                        .start();
                NodeDriver browser = NodeDriver.start()) {
            assertThat(Http.get(server.baseUri(), "/admin/events").statusCode()).isEqualTo(401);
            assertThat(firstEvent(server.baseUri(), "operator-token-of-some-length"))
                    .startsWith("data: {\"server\":");

            int admin = browser.open(server.baseUri() + "/admin");
            browser.waitFor(admin, "!document.getElementById('token-form').hidden", WAIT);
            assertThat(browser.text(admin, "document.getElementById('apps').children.length"))
                    .isEqualTo("0");

            browser.eval(
                    admin,
                    "document.getElementById('token').value = 'operator-token-of-some-length';"
                            + "document.getElementById('token-form').requestSubmit(); true");
            browser.waitFor(admin, "document.getElementById('status').textContent === 'live'", WAIT);
            browser.waitFor(
                    admin,
                    "document.querySelector('section[data-app=\"button\"]')"
                            + " && document.querySelector('section[data-app=\"strudel\"]')",
                    WAIT);
            assertThat(browser.eval(admin, "document.getElementById('token-form').hidden")
                            .asBoolean())
                    .isTrue();
            browser.screenshot(admin, SCREENSHOTS.resolve("admin.png"));
        }
    }

    private static String firstEvent(URI server, String token) throws Exception {
        HttpResponse<Stream<String>> response = Http.CLIENT.send(
                HttpRequest.newBuilder(server.resolve("/admin/events"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        try (Stream<String> lines = response.body()) {
            return lines.filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
        }
    }

    private static UnifiedServer node(RedisProcess redis) throws Exception {
        return new UnifiedServer(TestConfigs.server()
                        .redisUrl(redis.url())
                        .sessionSecret(SECRET)
                        .build())
                .start();
    }
}
