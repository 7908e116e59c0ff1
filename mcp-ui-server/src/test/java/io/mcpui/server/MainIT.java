package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.jetty.PageClient;
import io.mcpui.server.testing.PageConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line in a real process: options from flags and from the environment. */
class MainIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A started server process and what it printed until it was ready. */
    private record Started(Process process, List<String> output) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static ProcessBuilder command(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PORT");
        builder.environment().remove("HOST");
        builder.environment().putAll(env);
        return builder;
    }

    /** Starts the server and reads its output until it printed the metrics line (ready). */
    private static Started start(Map<String, String> env, String... args) throws IOException {
        Process process = command(env, args).start();
        List<String> output = new ArrayList<>();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + WAIT.toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            output.add(line);
            if (line.contains("metrics: ")) {
                break;
            }
        }
        return new Started(process, output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int health(int port) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void portComesFromThePortVariableAndEndpointsArePrinted() throws Exception {
        int port = freePort();
        try (Started server = start(Map.of("PORT", String.valueOf(port)))) {
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
        try (Started server = start(Map.of("PORT", "1"), "--port", String.valueOf(port))) {
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
    void helpListsEveryOptionWithItsVariable() throws Exception {
        Process process = command(Map.of(), "--help").start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help)
                .contains("--port", "env PORT", "--host", "env HOST", "--strudel-repl-url", "env STRUDEL_REPL_URL");
    }

    @Test
    void sigtermClosesPagesWithGoingAwayFailsWaitingRequestsAndExitsInTime() throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        try (Started server = start(Map.of("PORT", String.valueOf(port), "SHUTDOWN_TIMEOUT", "5s"))) {
            Map<String, Object> config = PageConfig.load(base, "button");
            PageClient page = PageClient.connect(URI.create("ws://127.0.0.1:" + port + "/button/ws?session_id="
                    + config.get("sessionId") + "&token=" + config.get("token")));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                    HttpRequest.newBuilder(
                                    base.resolve("/api/button/sessions/" + config.get("sessionId") + "/requests"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"get-page-data\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> metrics(http, base).contains("mcpui_requests_pending{app=\"button\"} 1.0"));

            long start = System.nanoTime();
            server.process().destroy(); // SIGTERM

            assertThat(server.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(page.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.GOING_AWAY);
            HttpResponse<String> failed = waiting.get(10, TimeUnit.SECONDS);
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(failed.body()).contains("server is shutting down");
        }
    }

    private static String metrics(HttpClient http, URI base) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
