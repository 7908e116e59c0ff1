package io.mcpui.server;

import static io.mcpui.server.testing.ServerProcess.command;
import static io.mcpui.server.testing.ServerProcess.freePort;
import static io.mcpui.server.testing.ServerProcess.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.testkit.PageClient;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.PageConfig;
import io.mcpui.server.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line in a real process: options from flags and from the environment. */
class MainIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static int health(int port) throws Exception {
        return Http.status(URI.create("http://127.0.0.1:" + port), "/health");
    }

    @Test
    void portComesFromThePortVariableAndEndpointsArePrinted() throws Exception {
        int port = freePort();
        try (ServerProcess server = start(Map.of("PORT", String.valueOf(port)))) {
            assertThat(server.output())
                    .contains("MCP UI server listening on http://127.0.0.1:" + port)
                    .contains("  page /strudel: http://127.0.0.1:" + port + "/strudel")
                    .contains("  MCP mcp-strudel (Streamable HTTP): http://127.0.0.1:" + port + "/mcp-strudel/mcp");
            assertThat(health(port)).isEqualTo(200);
        }
    }

    @Test
    void flagWinsOverTheVariable() throws Exception {
        int port = freePort();
        try (ServerProcess server = start(Map.of("PORT", "1"), "--port", String.valueOf(port))) {
            assertThat(health(port)).isEqualTo(200);
        }
    }

    @Test
    void invalidSettingExitsWithAClearMessage() throws Exception {
        Process process = command(Map.of("PORT", "99999")).start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("Invalid setting: port must be between 0 and 65535, was 99999");
    }

    @Test
    void aTrustedProxyThatIsNoAddressExitsWithAClearMessage() throws Exception {
        Process process = command(Map.of("PORT", "0"), "--trusted-proxies", "10.0.0.0/8,lb.internal")
                .start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("Invalid setting: 'lb.internal' is not an IP address or CIDR block");
    }

    @Test
    void helpListsEveryOptionWithItsVariable() throws Exception {
        Process process = command(Map.of(), "--help").start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help)
                .contains("--port", "env PORT", "--host", "env HOST", "--strudel-repl-url", "env STRUDEL_REPL_URL");
    }

    @Test
    void sigtermTellsPagesToReconnectFailsWaitingRequestsAndExitsInTime() throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        try (ServerProcess server = start(Map.of("PORT", String.valueOf(port), "SHUTDOWN_TIMEOUT", "5s"))) {
            Map<String, Object> config = PageConfig.load(base, "button");
            PageClient page = PageClient.connect(URI.create("ws://127.0.0.1:" + port + "/button/ws?session_id="
                    + config.get("sessionId") + "&token=" + config.get("token")));
            CompletableFuture<HttpResponse<String>> waiting = Http.postAsync(
                    base,
                    "/api/button/sessions/" + config.get("sessionId") + "/requests",
                    "{\"type\":\"get-page-data\"}");
            org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .until(() ->
                            Http.get(base, "/metrics").body().contains("mcpui_requests_pending{app=\"button\"} 1.0"));

            long start = System.nanoTime();
            server.process().destroy(); // SIGTERM

            assertThat(server.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(page.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.SERVICE_RESTART);
            HttpResponse<String> failed = waiting.get(10, TimeUnit.SECONDS);
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(failed.body()).contains("server is shutting down");
        }
    }
}
