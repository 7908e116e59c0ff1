package io.mcpui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.bench.jmh.ConnectionManagerBenchmark;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Keeps the micro-benchmarks compiling and running: one short iteration each, no timing checks. */
class JmhSmokeTest {

    @Test
    void everyBenchmarkRuns() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(ConnectionManagerBenchmark.class.getSimpleName())
                        .param("broadcastConnections", "100")
                        .forks(0)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(200))
                        .build())
                .run();

        assertThat(results).hasSize(4);
        assertThat(results)
                .allSatisfy(result ->
                        assertThat(result.getPrimaryResult().getScore()).isPositive());
    }
}
