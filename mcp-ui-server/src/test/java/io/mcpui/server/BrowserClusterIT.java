package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.connection.redis.RedisProcess;
import io.mcpui.server.testing.Balancer;
import io.mcpui.server.testing.NodeDriver;
import io.mcpui.server.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The browser client in headless Chromium, behind a load balancer in front of two nodes: when its
 * node stops, the page is told to reconnect (1012), comes back at once through the balancer to the
 * other node, and resumes there with a replay of what was sent meanwhile, not a resync.
 */
class BrowserClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "browser-cluster-secret-of-32-bytes-or-more";

    @Test
    void aPageWhoseNodeStopsResumesOnTheOtherNodeWithAReplay() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                Balancer balancer = Balancer.start();
                NodeDriver browser = NodeDriver.start()) {
            List<UnifiedServer> nodes = List.of(node(redis, balancer), node(redis, balancer));
            int page = browser.open("http://127.0.0.1:" + balancer.port() + "/button");
            browser.waitFor(page, "document.getElementById('status').textContent === 'connected'", WAIT);
            String sessionId = browser.text(page, "document.getElementById('session-id').textContent");
            // A second client of the session, which records what it sees, connects to the first node.
            UnifiedServer holder = nodes.get(0);
            UnifiedServer other = nodes.get(1);
            balancer.remove(other.port());
            browser.eval(
                    page,
                    "window.ticks = []; window.statuses = []; window.resyncs = 0;"
                            + "window.second = new McpUi.Client({config: McpUi.readConfig(), handlers: {"
                            + "'tick': (message) => { window.ticks.push(message.n); },"
                            + "'resync': () => { window.resyncs++; }},"
                            + "onStatus: (status, detail) => { window.statuses.push([status, detail.code,"
                            + " detail.delayMs]); }});"
                            + "window.second.connect(); true");
            browser.waitFor(page, "window.statuses.some(s => s[0] === 'open')", WAIT);
            balancer.add(other.port());
            other.manager("button").sendToSession(sessionId, Map.of("type", "tick", "n", 1));
            browser.waitFor(page, "window.ticks.length === 1", WAIT);

            balancer.remove(holder.port());
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    holder.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            other.manager("button").sendToSession(sessionId, Map.of("type", "tick", "n", 2));
            stopped.join();
            other.manager("button").sendToSession(sessionId, Map.of("type", "tick", "n", 3));

            browser.waitFor(page, "window.ticks.length === 3", WAIT);
            assertThat(browser.text(page, "JSON.stringify(window.ticks)")).isEqualTo("[1,2,3]");
            assertThat(browser.eval(page, "window.resyncs").asInt()).isZero();
            String statuses = browser.text(page, "JSON.stringify(window.statuses)");
            assertThat(statuses).matches(".*\\[\"reconnecting\",1012,([0-9]|[0-9][0-9]|1[0-9][0-9]|2[0-4][0-9])\\].*");
            assertThat(other.manager("button").getSessionConnection(sessionId)).isPresent();
            other.close();
        }
    }

    private static UnifiedServer node(RedisProcess redis, Balancer balancer) throws Exception {
        UnifiedServer node = new UnifiedServer(TestConfigs.server()
                        .redisUrl(redis.url())
                        .sessionSecret(SECRET)
                        .publicUrl(java.net.URI.create("http://127.0.0.1:" + balancer.port()))
                        .build())
                .start();
        balancer.add(node.port());
        return node;
    }
}
