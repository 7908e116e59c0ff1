package io.mcpui.server.example;

import static io.mcpui.server.testing.McpClients.call;
import static io.mcpui.server.testing.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.server.UnifiedServer;
import io.mcpui.server.testing.McpClients;
import io.mcpui.server.testing.McpClients.Transport;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Write your own MCP UI app" example: found on the classpath (META-INF/services),
 * served with no change to the server, and working in a real browser.
 */
class NotesAppIT {

    @Test
    void appOnTheClasspathIsServedAndItsToolsReachItsPage() throws Exception {
        try (UnifiedServer server = new UnifiedServer(TestConfigs.server().build()).start();
                NodeDriver browser = NodeDriver.start();
                McpSyncClient client = McpClients.connect(server.baseUri(), "mcp-notes", Transport.STREAMABLE_HTTP)) {
            assertThat(server.appPaths()).containsExactly("button", "strudel", "notes");
            int page = browser.open(server.baseUri() + "/notes");
            String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> server.manager("notes").getSessionIds().contains(sessionId));

            CallToolResult pinned = call(client, "pin_note", Map.of("session_id", sessionId, "text", "Buy milk"));
            CallToolResult notes = call(client, "read_notes", Map.of("session_id", sessionId));

            assertThat(text(pinned)).isEqualTo("Pinned in 1 tab(s).");
            assertThat(notes.structuredContent()).isEqualTo(Map.of("notes", List.of("Buy milk")));
        }
    }

    @Test
    void readmeQuotesTheExampleApp() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/mcpui/server/example/NotesApp.java"));
        String example = source.subList(source.indexOf("// README-BEGIN") + 1, source.indexOf("// README-END")).stream()
                .collect(Collectors.joining("\n"));
        String page =
                Files.readString(Path.of("src/test/resources/pages/notes.html")).strip();

        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme).contains("```java\n" + example + "\n```");
        assertThat(readme).contains("```html\n" + page + "\n```");
    }
}
