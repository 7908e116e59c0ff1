package io.mcpui.server;

import static io.mcpui.server.testing.McpClients.call;
import static io.mcpui.server.testing.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.CloseCodes;
import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.McpClients;
import io.mcpui.server.testing.McpClients.Transport;
import io.mcpui.server.testing.TestConfigs;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server that stops lets the tool calls in flight finish, then tells its pages to reconnect. */
class ShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aToolCallInFlightFinishesBeforeThePagesAreToldToReconnect() throws Exception {
        UnifiedServer server = new UnifiedServer(TestConfigs.server().build()).start();
        int port = server.port();
        try (FakePage page = FakePage.silent(server.baseUri(), "button");
                McpSyncClient client =
                        McpClients.connect(server.baseUri(), "mcp-button-state", Transport.STREAMABLE_HTTP)) {
            CompletableFuture<CallToolResult> inFlight = CompletableFuture.supplyAsync(
                    () -> call(client, "get_page_data", Map.of("session_id", page.sessionId())));
            Map<String, Object> request = page.next(WAIT);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(WAIT).until(() -> !accepts(port)); // stopping: no new connections
            assertThat(page.closed()).isNotDone(); // the page is still here for the call
            page.send(Map.of(
                    "type", "button-state-response",
                    "request_id", request.get("request_id"),
                    "state", Map.of("title", "answered while the server stops")));

            CallToolResult result = inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.isError()).as(text(result)).isFalse();
            assertThat(text(result)).contains("answered while the server stops");
            stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(page.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseCodes.SERVICE_RESTART);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
