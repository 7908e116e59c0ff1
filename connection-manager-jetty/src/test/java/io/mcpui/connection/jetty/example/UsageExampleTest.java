package io.mcpui.connection.jetty.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UsageExampleTest {

    @Test
    void readmeQuotesTheCompiledUsageExample() throws IOException {
        List<String> source =
                Files.readAllLines(Path.of("src/test/java/io/mcpui/connection/jetty/example/UsageExample.java"));
        int begin = source.indexOf("        // README-BEGIN");
        int end = source.indexOf("        // README-END");
        String example = source.subList(begin + 1, end).stream()
                .map(line -> line.startsWith("        ") ? line.substring(8) : line)
                .collect(Collectors.joining("\n"));

        String readme = Files.readString(Path.of("../README.md"));

        assertThat(begin).isPositive();
        assertThat(readme).contains("```java\n" + example + "\n```");
    }
}
