package io.mcpui.server;

import static io.mcpui.server.testing.McpClients.call;
import static io.mcpui.server.testing.McpClients.text;
import static io.mcpui.server.testing.ServerProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.redis.RedisProcess;
import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.McpClients;
import io.mcpui.server.testing.McpClients.Transport;
import io.mcpui.server.testing.TestConfigs;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis goes away under two server nodes, and comes back. */
class ClusterOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void withoutRedisSendsAreRefusedClearlyPagesStayConnectedAndEverythingWorksWhenItReturns() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                UnifiedServer nodeA = node(redis);
                UnifiedServer nodeB = node(redis);
                FakePage onA = FakePage.open(nodeA.baseUri(), "strudel", message -> null);
                FakePage onB = FakePage.open(nodeB.baseUri(), "strudel", message -> null);
                McpSyncClient client = McpClients.connect(nodeA.baseUri(), "mcp-strudel", Transport.STREAMABLE_HTTP)) {
            redis.stop();

            // Not even to this node's own page: a message that cannot be recorded is not accepted.
            await().atMost(WAIT).until(() -> send(nodeA, onA.sessionId()).statusCode() == 503);
            assertThat(send(nodeA, onB.sessionId()).statusCode()).isEqualTo(503);
            assertThat(send(nodeA, onB.sessionId()).body()).contains("not connected to the cluster (Redis)");
            CallToolResult played = call(client, "stop_play", Map.of("session_id", onB.sessionId()));
            assertThat(played.isError()).isTrue();
            assertThat(text(played)).contains("not connected to the cluster (Redis)");
            assertThat(Http.status(nodeA.baseUri(), "/health")).isEqualTo(200);

            redis.restart();

            await().atMost(WAIT).until(() -> send(nodeA, onB.sessionId()).statusCode() == 200);
            await().atMost(WAIT).until(() -> send(nodeB, onA.sessionId()).statusCode() == 200);
            assertThat(onB.next(WAIT)).containsEntry("type", "strudel-stop");
            assertThat(onA.next(WAIT)).containsEntry("type", "strudel-stop");
        }
    }

    @Test
    void serverThatCannotReachRedisAtStartSaysSoAndReleasesWhatItOpened() throws Exception {
        int port = freePort();
        UnifiedServer unreachable = new UnifiedServer(TestConfigs.server()
                .port(port)
                .redisUrl("redis://127.0.0.1:" + freePort())
                .sessionSecret("outage-test-secret-of-32-bytes-or-more")
                .build());

        assertThatThrownBy(unreachable::start)
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("Redis is unreachable");
        // The failed start closed its listener: the port is free for the next try.
        try (UnifiedServer retry =
                new UnifiedServer(TestConfigs.server().port(port).build()).start()) {
            assertThat(retry.port()).isEqualTo(port);
        }
    }

    private static UnifiedServer node(RedisProcess redis) throws Exception {
        return new UnifiedServer(TestConfigs.server()
                        .redisUrl(redis.url())
                        .sessionSecret("outage-test-secret-of-32-bytes-or-more")
                        .build())
                .start();
    }

    private static HttpResponse<String> send(UnifiedServer node, String sessionId) throws Exception {
        return Http.post(
                node.baseUri(), "/api/strudel/sessions/" + sessionId + "/messages", "{\"type\":\"strudel-stop\"}");
    }
}
