package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpui.server.testing.FakePage;
import io.mcpui.server.testing.Http;
import io.mcpui.server.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * On the 2026-07-28 transport no thread waits for a page: 1,000 concurrent {@code get_page_data}
 * calls, whose pages answer after 5 s, all complete while the server process (started as users
 * start it) runs far fewer than 1,000 threads.
 */
class ThreadsWhileWaitingIT {

    private static final int CALLS = 1_000;
    private static final int PAGES = 10;
    private static final Duration PAGE_THINKS = Duration.ofSeconds(5);

    @Test
    void aThousandWaitingCallsHoldNoThreadEach() throws Exception {
        int port = ServerProcess.freePort();
        try (ServerProcess server =
                ServerProcess.start(Map.of("PORT", String.valueOf(port), "CONNECTIONS_PER_SECOND", "0"))) {
            URI base = URI.create("http://127.0.0.1:" + port);
            Executor later = CompletableFuture.delayedExecutor(PAGE_THINKS.toMillis(), TimeUnit.MILLISECONDS);
            List<FakePage> pages = new ArrayList<>();
            for (int i = 0; i < PAGES; i++) {
                FakePage[] self = new FakePage[1];
                self[0] = FakePage.open(base, "button", request -> {
                    // Answers after thinking, from another thread, as a busy page would.
                    later.execute(() -> self[0].send(Map.of(
                            "type", "button-state-response",
                            "request_id", request.get("request_id"),
                            "state", Map.of("title", "thought"))));
                    return null;
                });
                pages.add(self[0]);
            }
            AtomicLong peakThreads = new AtomicLong(threadsOf(server.process().pid()));
            AtomicInteger succeeded = new AtomicInteger();
            List<CompletableFuture<?>> calls = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                String sessionId = pages.get(i % PAGES).sessionId();
                calls.add(Http.CLIENT
                        .sendAsync(modernToolCall(base, i, sessionId), HttpResponse.BodyHandlers.ofString())
                        .thenAccept(response -> {
                            if (response.statusCode() == 200 && response.body().contains("\"thought\"")) {
                                succeeded.incrementAndGet();
                            }
                        }));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
            while (!all.isDone()) {
                peakThreads.accumulateAndGet(threadsOf(server.process().pid()), Math::max);
                try {
                    all.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillWaiting) {
                    // sample again
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            System.out.printf(
                    "%d concurrent get_page_data calls (pages answer after %d s): %d succeeded in %d s; "
                            + "server threads at most %d%n",
                    CALLS, PAGE_THINKS.toSeconds(), succeeded.get(), seconds, peakThreads.get());

            assertThat(succeeded.get()).isEqualTo(CALLS);
            assertThat(peakThreads.get()).isLessThan(CALLS / 3);
            pages.forEach(FakePage::close);
        }
    }

    private static HttpRequest modernToolCall(URI base, int id, String sessionId) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{"
                + "\"name\":\"get_page_data\",\"arguments\":{\"session_id\":\"" + sessionId + "\"},"
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        return HttpRequest.newBuilder(base.resolve("/mcp-button-state/mcp"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "get_page_data")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The thread count of a process, from {@code /proc}. */
    private static long threadsOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToLong(line ->
                        Long.parseLong(line.substring("Threads:".length()).trim()))
                .findFirst()
                .orElseThrow();
    }
}
