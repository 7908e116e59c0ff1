package io.mcpui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code benchmarks/run.sh --smoke}: every server, every scenario, tiny numbers, seconds.
 * Checks that they run and that nothing is lost; timings are not checked (these machines are
 * shared and noisy).
 */
class EndToEndSmokeIT {

    @Test
    void everyScenarioRunsAgainstEveryServer() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder("bash", "benchmarks/run.sh", "--smoke")
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().put("SKIP_BUILD", "1");
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(run.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("| target | ours | bare Jetty |")
                .contains("request/response")
                .contains("Connecting N idle clients");
        Path results = newestResults(root.resolve("benchmarks/target/results"));
        for (String file : List.of(
                "main-ours-1.json",
                "main-bare-1.json",
                "main-original-1.json",
                "connect20-ours-1.json",
                "requests-ours-1.json")) {
            String json = Files.readString(results.resolve(file));
            assertThat(json).as(file).contains("\"errors\":0").doesNotContainPattern("\"lost\":[1-9]");
        }
        assertThat(Files.readString(results.resolve("main-ours-1.json"))).contains("\"lost\":0");
        assertThat(Files.readString(results.resolve("requests-ours-1.json")))
                .contains("\"failed\":0")
                .contains("\"pendingAfter\":0");
    }

    /** The newest run of run.sh (named by its UTC time; run-product.sh's runs start with "product-"). */
    private static Path newestResults(Path dir) throws IOException {
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(run -> !run.getFileName().toString().startsWith("product-"))
                    .max(Path::compareTo)
                    .orElseThrow();
        }
    }
}
