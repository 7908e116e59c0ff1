package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.redis.RedisProcess;
import io.mcpui.server.testing.Balancer;
import io.mcpui.server.testing.ResumingPage;
import io.mcpui.server.testing.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accepted means delivered while nodes come and go. Three server processes (started as users start
 * them) share one Redis; 30 pages connect through a load balancer and resume like the browser
 * client; a steady stream of messages (about 600 per second, each session's sends one after the
 * other) goes to the admin API of random nodes in rotation. Then a fault: a rolling restart, {@code
 * kill -9} of nodes, a Redis restart. Every message a node accepted (200) must reach its page
 * exactly once and in order; refused sends (404, 503, no connection) are counted, not lost.
 */
class ClusterFaultsIT {

    private static final int NODES = 3;
    private static final int PAGES = 30;
    private static final Duration SEND_EVERY = Duration.ofMillis(50); // per session: ~600/s in all
    private static final Duration WAIT = Duration.ofSeconds(60);

    private RedisProcess redis;
    private Balancer balancer;
    private final int[] ports = new int[NODES];
    private final ServerProcess[] nodes = new ServerProcess[NODES];
    private final List<ResumingPage> pages = new ArrayList<>();
    private Stream stream;

    @BeforeEach
    void startCluster() throws Exception {
        redis = RedisProcess.start();
        balancer = Balancer.start();
        for (int i = 0; i < NODES; i++) {
            ports[i] = ServerProcess.freePort();
            startNode(i);
        }
        URI pagesEndpoint = URI.create("ws://127.0.0.1:" + balancer.port() + "/button/ws");
        for (int i = 0; i < PAGES; i++) {
            pages.add(ResumingPage.open(pagesEndpoint, "fault" + i));
        }
        await().atMost(WAIT).until(() -> pages.stream().allMatch(ResumingPage::connected));
        stream = new Stream(pages);
        stream.start();
        await().atMost(WAIT)
                .until(() -> pages.stream().allMatch(page -> page.received().size() >= 10));
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (stream != null) {
            stream.stop();
        }
        pages.forEach(ResumingPage::close);
        for (ServerProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        balancer.close();
        redis.close();
    }

    @Test
    void aRollingRestartLosesDuplicatesAndReordersNothing() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < NODES; i++) {
                balancer.remove(ports[i]); // as a deployment does before it stops a node
                stream.outOfRotation(ports[i]);
                nodes[i].close(); // SIGTERM: the node drains
                startNode(i);
                awaitSteadyStream();
            }
        }

        Report report = stream.finish();
        report.print("rolling restart (3 nodes, twice)");
        report.assertNothingLostDuplicatedOrReordered();
    }

    @Test
    void killingNodesLosesDuplicatesAndReordersNothing() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int kill = 0; kill < 2; kill++) {
                int i = (round + kill) % NODES;
                nodes[i].process().destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
                balancer.remove(ports[i]); // the balancer notices
                stream.outOfRotation(ports[i]);
                await().atMost(WAIT).until(() -> pages.stream().allMatch(ResumingPage::connected));
                startNode(i);
                awaitSteadyStream();
            }
        }

        Report report = stream.finish();
        report.print("kill -9 (twice per round, two rounds)");
        report.assertNothingLostDuplicatedOrReordered();
    }

    @Test
    void aRedisRestartLosesDuplicatesAndReordersNothingAndTheClusterIsBackWithinThreeSeconds() throws Exception {
        List<Duration> recoveries = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            long stopped = System.nanoTime();
            redis.stop();
            // Redis stays down for 5 s of refused sends, as when it restarts on a busy machine.
            await().atMost(WAIT).until(() -> stream.refusingSince(stopped).compareTo(Duration.ofSeconds(5)) >= 0);
            redis.restart(); // without persistence: everything Redis held is gone
            long back = System.nanoTime();
            await().atMost(WAIT).until(() -> stream.everyNodeAcceptedSince(back));
            recoveries.add(Duration.ofNanos(System.nanoTime() - back));
            awaitSteadyStream();
        }

        Report report = stream.finish();
        report.print("Redis restart (twice)");
        System.out.println("  every node accepting again after Redis returned: " + recoveries);
        report.assertNothingLostDuplicatedOrReordered();
        assertThat(recoveries).allSatisfy(recovery -> assertThat(recovery).isLessThan(Duration.ofSeconds(3)));
    }

    private void startNode(int i) throws IOException {
        nodes[i] = ServerProcess.start(Map.of(
                "PORT",
                String.valueOf(ports[i]),
                "REDIS_URL",
                redis.url(),
                "OPEN_SESSIONS",
                "true",
                "CONNECTIONS_PER_SECOND",
                "0"));
        balancer.add(ports[i]);
        if (stream != null) {
            stream.inRotation(ports[i]);
        }
    }

    /** Every page is connected and getting messages again. */
    private void awaitSteadyStream() {
        Map<ResumingPage, Integer> before = new ConcurrentHashMap<>();
        pages.forEach(page -> before.put(page, page.received().size()));
        await().atMost(WAIT)
                .until(() -> pages.stream()
                        .allMatch(page -> page.connected() && page.received().size() >= before.get(page) + 5));
    }

    /**
     * The messages: for each page, one send after the other ({@code n} = 1, 2, …) to the admin API
     * of a random node in rotation.
     */
    private final class Stream {
        private final List<ResumingPage> pages;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(8);
        private final Set<Integer> rotation = ConcurrentHashMap.newKeySet();
        private final Map<String, Set<Long>> accepted = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> nextN = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> refusedByReason = new ConcurrentHashMap<>();
        private final Map<Integer, Long> lastAcceptedAt = new ConcurrentHashMap<>();
        private final List<Long> refusals = java.util.Collections.synchronizedList(new ArrayList<>());

        Stream(List<ResumingPage> pages) {
            this.pages = pages;
            for (int port : ports) {
                rotation.add(port);
            }
        }

        void start() {
            for (ResumingPage page : pages) {
                accepted.put(page.sessionId(), ConcurrentHashMap.newKeySet());
                nextN.put(page.sessionId(), new AtomicInteger());
                senders.scheduleWithFixedDelay(
                        () -> sendNext(page.sessionId()), 0, SEND_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void inRotation(int port) {
            rotation.add(port);
        }

        void outOfRotation(int port) {
            rotation.remove(port);
        }

        private void sendNext(String sessionId) {
            List<Integer> candidates = List.copyOf(rotation);
            if (candidates.isEmpty()) {
                return;
            }
            int port = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
            long n = nextN.get(sessionId).incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/button/sessions/" + sessionId + "/messages"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"tick\",\"n\":" + n + "}"))
                    .build();
            String outcome;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    accepted.get(sessionId).add(n);
                    lastAcceptedAt.put(port, System.nanoTime());
                    return;
                }
                outcome = String.valueOf(response.statusCode());
            } catch (IOException e) {
                outcome = "no connection";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            refusedByReason.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
            refusals.add(System.nanoTime());
        }

        /** How long sends have been refused, from the first refusal after {@code nanoTime}. */
        Duration refusingSince(long nanoTime) {
            synchronized (refusals) {
                return refusals.stream()
                        .filter(at -> at - nanoTime > 0)
                        .findFirst()
                        .map(first -> Duration.ofNanos(System.nanoTime() - first))
                        .orElse(Duration.ZERO);
            }
        }

        /** Whether every node accepted a send after {@code nanoTime}. */
        boolean everyNodeAcceptedSince(long nanoTime) {
            for (int port : ports) {
                if (lastAcceptedAt.getOrDefault(port, 0L) - nanoTime <= 0) {
                    return false;
                }
            }
            return true;
        }

        void stop() {
            senders.shutdownNow();
        }

        /** Stops sending, waits for every accepted message to arrive (or a minute), and reports. */
        Report finish() throws InterruptedException {
            senders.shutdown();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            try {
                await().atMost(WAIT)
                        .until(() -> pages.stream()
                                .allMatch(page ->
                                        accepted.get(page.sessionId()).stream().allMatch(page::has)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // report what is missing
            }
            return new Report(pages, accepted, refusedByReason);
        }
    }

    /** What the pages got of what the nodes accepted. */
    private record Report(
            List<ResumingPage> pages, Map<String, Set<Long>> accepted, Map<String, AtomicInteger> refused) {

        long acceptedCount() {
            return accepted.values().stream().mapToLong(Set::size).sum();
        }

        long lost() {
            return pages.stream()
                    .mapToLong(page -> accepted.get(page.sessionId()).stream()
                            .filter(n -> !page.has(n))
                            .count())
                    .sum();
        }

        long duplicated() {
            return pages.stream()
                    .mapToLong(page -> page.received().size()
                            - page.received().stream().distinct().count())
                    .sum();
        }

        long outOfOrder() {
            long count = 0;
            for (ResumingPage page : pages) {
                List<Long> received = page.received();
                for (int i = 1; i < received.size(); i++) {
                    if (received.get(i) < received.get(i - 1)) {
                        count++;
                    }
                }
            }
            return count;
        }

        Duration longestGap() {
            return pages.stream()
                    .map(ResumingPage::longestGap)
                    .max(Duration::compareTo)
                    .orElse(Duration.ZERO);
        }

        void print(String scenario) {
            Map<String, Integer> refusedCounts = new TreeMap<>();
            refused.forEach((reason, count) -> refusedCounts.put(reason, count.get()));
            System.out.printf(
                    "%s: accepted %d, accepted-but-lost %d, duplicated %d, out of order %d, refused %s, "
                            + "longest gap a page saw %d ms, resyncs %d, reconnects %d%n",
                    scenario,
                    acceptedCount(),
                    lost(),
                    duplicated(),
                    outOfOrder(),
                    refusedCounts,
                    longestGap().toMillis(),
                    pages.stream().mapToInt(ResumingPage::resyncs).sum(),
                    pages.stream().mapToInt(ResumingPage::reconnects).sum());
        }

        void assertNothingLostDuplicatedOrReordered() {
            assertThat(acceptedCount()).isPositive();
            assertThat(lost()).as("accepted but lost").isZero();
            assertThat(duplicated()).as("duplicated").isZero();
            assertThat(outOfOrder()).as("out of order").isZero();
        }
    }
}
