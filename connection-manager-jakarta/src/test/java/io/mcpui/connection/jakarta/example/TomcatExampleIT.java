package io.mcpui.connection.jakarta.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.testkit.PageClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TomcatExampleIT {

    @Test
    void readmeQuotesTheTomcatExample() throws Exception {
        List<String> source =
                Files.readAllLines(Path.of("src/test/java/io/mcpui/connection/jakarta/example/TomcatExample.java"));
        int begin = source.indexOf("        // README-BEGIN");
        int end = source.indexOf("        // README-END");
        String example = source.subList(begin + 1, end).stream()
                .map(line -> line.startsWith("        ") ? line.substring(8) : line)
                .collect(Collectors.joining("\n"));

        assertThat(begin).isPositive();
        assertThat(Files.readString(Path.of("../README.md"))).contains("```java\n" + example + "\n```");
    }

    @Test
    void theExampleServesPages() throws Exception {
        TomcatExample.Running running = TomcatExample.start(0);
        try {
            int port = running.tomcat().getConnector().getLocalPort();
            try (PageClient page = PageClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?session_id=abc7"))) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> running.manager().getSessionIds().contains("abc7"));
                running.manager().sendToSession("abc7", Map.of("type", "hello"));
                assertThat(page.next(Duration.ofSeconds(10))).isEqualTo("{\"type\":\"hello\",\"seq\":1}");
            }
        } finally {
            running.tomcat().stop();
            running.tomcat().destroy();
            running.manager().close();
        }
    }
}
