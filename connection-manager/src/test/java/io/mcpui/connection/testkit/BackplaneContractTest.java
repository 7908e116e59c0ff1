package io.mcpui.connection.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.ConnectionManagerBuilder;
import io.mcpui.connection.ConnectionManagerException;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.SessionClosedException;
import io.mcpui.connection.SessionIdGenerator;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Backplane} must do, tested on three managers that form one cluster. Each
 * implementation extends this class and says how to make the backplane of a new node.
 * Deliveries between nodes may be asynchronous, so results are awaited (bounded).
 */
public abstract class BackplaneContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JsonCodec json = JsonCodec.jackson();
    private final List<ConnectionManager> nodes = new ArrayList<>();
    protected ConnectionManager nodeA;
    protected ConnectionManager nodeB;
    protected ConnectionManager nodeC;

    /** A backplane for one more node of the same cluster. */
    protected abstract Backplane newNodeBackplane();

    @BeforeEach
    void startThreeNodes() {
        nodeA = startNode();
        nodeB = startNode();
        nodeC = startNode();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ConnectionManager::close);
    }

    private ConnectionManager startNode() {
        return startNode(SessionIdGenerator.seedFormat());
    }

    private ConnectionManager startNode(SessionIdGenerator ids) {
        return startNodeWith(builder -> builder.sessionIdGenerator(ids));
    }

    private ConnectionManager startNode(ConnectionManagerOptions options) {
        return startNodeWith(builder -> builder.options(options));
    }

    private ConnectionManager startNodeWith(Consumer<ConnectionManagerBuilder> settings) {
        ConnectionManagerBuilder builder = ConnectionManager.builder().backplane(newNodeBackplane());
        settings.accept(builder);
        ConnectionManager node = builder.build();
        nodes.add(node);
        return node;
    }

    @Test
    void sendOnOneNodeReachesASessionOnAnother() {
        RecordingConnection page = connect(nodeC, "abc7");
        awaitSessionVisible(nodeA, "abc7");

        int reached = nodeA.sendToSession("abc7", Map.of("type", "strudel-stop"));

        assertThat(reached).isEqualTo(1);
        await().atMost(WAIT).until(() -> page.sent().size() == 1);
        assertThat(page.sent()).containsExactly("{\"type\":\"strudel-stop\",\"seq\":1}");
    }

    @Test
    void sendToASessionNoNodeHoldsReportsNotFound() {
        assertThatThrownBy(() -> nodeA.sendToSession("zzz0", Map.of("type", "x")))
                .isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void broadcastReachesEveryConnectionOnEveryNodeExactlyOnce() throws Exception {
        RecordingConnection onA = connect(nodeA, "aaa1");
        RecordingConnection onB = connect(nodeB, "bbb2");
        RecordingConnection onC = connect(nodeC, "ccc3");
        awaitSessionVisible(nodeB, "aaa1");
        awaitSessionVisible(nodeB, "ccc3");

        nodeB.broadcast(Map.of("type", "hello"));

        for (RecordingConnection page : List.of(onA, onB, onC)) {
            await().atMost(WAIT).until(() -> page.sent().size() == 1);
        }
        // Give a duplicate every chance to show up: a later unicast overtakes nothing.
        nodeB.sendToSession("aaa1", Map.of("type", "marker"));
        await().atMost(WAIT).until(() -> onA.sent().size() == 2);
        assertThat(onA.sent()).containsExactly("{\"type\":\"hello\"}", "{\"type\":\"marker\",\"seq\":1}");
        assertThat(onB.sent()).containsExactly("{\"type\":\"hello\"}");
        assertThat(onC.sent()).containsExactly("{\"type\":\"hello\"}");
    }

    @Test
    void requestToASessionOnAnotherNodeGetsItsReplyBack() throws Exception {
        RecordingConnection page = connect(nodeC, "abc7");
        awaitSessionVisible(nodeA, "abc7");

        CompletableFuture<InboundMessage> reply =
                nodeA.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> page.sent().size() == 1);
        String requestId = (String) json.decode(page.sent().get(0)).get("request_id");
        nodeC.receive(page, "{\"type\":\"button-state-response\",\"request_id\":\"" + requestId + "\",\"n\":42}");

        InboundMessage message = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message.type()).isEqualTo("button-state-response");
        assertThat(message.get("n")).isEqualTo(42);
        assertThat(message.sessionId()).isEqualTo("abc7");
        assertThat(nodeA.stats().pendingRequests()).isZero();
        assertThat(nodeC.stats().pendingRequests()).isZero();
    }

    @Test
    void requestToASessionWhosePageMovedToAnotherNodeIsAskedThere() throws Exception {
        RecordingConnection before = connect(nodeA, "abc7");
        nodeA.disconnect(before); // the network dropped: nodeA keeps the session resumable
        RecordingConnection after = new RecordingConnection();
        nodeB.reconnect(after, "abc7", 0); // the page came back through another node
        await().atMost(WAIT)
                .until(() -> Integer.valueOf(1).equals(nodeA.getSessions().get("abc7")));

        CompletableFuture<InboundMessage> reply =
                nodeA.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> after.sent().stream().anyMatch(text -> text.contains("request_id")));
        String request = after.sent().stream()
                .filter(text -> text.contains("request_id"))
                .findFirst()
                .orElseThrow();
        String requestId = (String) json.decode(request).get("request_id");
        nodeB.receive(after, "{\"type\":\"page-data\",\"request_id\":\"" + requestId + "\"}");

        assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).type()).isEqualTo("page-data");
    }

    @Test
    void replyFromAnotherSessionOnTheHoldingNodeIsRejected() {
        RecordingConnection page = connect(nodeC, "abc7");
        RecordingConnection intruder = connect(nodeC, "evil1");
        awaitSessionVisible(nodeA, "abc7");

        CompletableFuture<InboundMessage> reply =
                nodeA.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> page.sent().size() == 1);
        String requestId = (String) json.decode(page.sent().get(0)).get("request_id");
        nodeC.receive(intruder, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\"}");

        assertThat(nodeC.stats().rejectedReplies()).isEqualTo(1);
        assertThat(reply).isNotDone();
        reply.cancel(false);
    }

    @Test
    void requestFailsPromptlyWhenTheRemoteSessionGoesAway() {
        RecordingConnection page = connect(nodeC, "abc7");
        awaitSessionVisible(nodeA, "abc7");

        CompletableFuture<InboundMessage> reply =
                nodeA.request("abc7", Map.of("type", "get-page-data"), Duration.ofMinutes(5));
        await().atMost(WAIT).until(() -> page.sent().size() == 1);
        nodeC.disconnect(page, CloseCodes.GOING_AWAY);

        await().atMost(WAIT).until(reply::isDone);
        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(SessionClosedException.class);
    }

    @Test
    void sessionListingAndCountsCoverTheWholeCluster() {
        connect(nodeA, "aaa1");
        connect(nodeB, "bbb2");
        connect(nodeC, "ccc3");
        connect(nodeC, "ccc3");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(nodeA.getSessionIds()).containsExactlyInAnyOrder("aaa1", "bbb2", "ccc3");
            assertThat(nodeA.getSessions()).isEqualTo(Map.of("aaa1", 1, "bbb2", 1, "ccc3", 2));
            assertThat(nodeA.getConnectionCount()).isEqualTo(4);
        });
        assertThat(nodeB.hasConnections()).isTrue();
    }

    @Test
    void sessionThatLeavesItsNodeDisappearsEverywhere() {
        RecordingConnection page = connect(nodeC, "abc7");
        awaitSessionVisible(nodeA, "abc7");

        nodeC.disconnect(page, CloseCodes.NORMAL);

        await().atMost(WAIT).until(() -> !nodeA.getSessionIds().contains("abc7"));
        assertThatThrownBy(() -> nodeA.sendToSession("abc7", Map.of("type", "x")))
                .isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void generatedIdsAreUniqueAcrossNodesUnderContention() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (ConnectionManager node : nodes) {
            for (int thread = 0; thread < 2; thread++) {
                results.add(pool.submit(() -> {
                    int duplicates = 0;
                    for (int i = 0; i < 500; i++) {
                        if (!ids.add(node.generateSessionId())) {
                            duplicates++;
                        }
                    }
                    return duplicates;
                }));
            }
        }
        int duplicates = 0;
        for (Future<Integer> result : results) {
            duplicates += result.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(duplicates).isZero();
        assertThat(ids).hasSize(3000);
    }

    @Test
    void idOfASessionLiveOnAnotherNodeIsNotIssued() {
        ConnectionManager nodeD = startNode(attempt -> attempt == 0 ? "abc7" : "xyz9");
        connect(nodeC, "abc7");
        awaitSessionVisible(nodeD, "abc7");

        assertThat(nodeD.generateSessionId()).isEqualTo("xyz9");
    }

    @Test
    void aPageIsReachableFromEveryNodeTheMomentItsConnectionIsRegistered() {
        ConnectionManager[] senders = {nodeA, nodeB};
        for (int i = 0; i < 200; i++) {
            String sessionId = "first" + i;
            RecordingConnection page = connect(nodeC, sessionId);

            // No waiting for the cluster to hear of it: the send right after must find it.
            assertThat(senders[i % 2].sendToSession(sessionId, Map.of("type", "hello")))
                    .isEqualTo(1);
            await().atMost(WAIT).until(() -> page.sent().size() == 1);
        }
    }

    @Test
    void aSessionHasOneNumberingAcrossNodesSoATabResumesAnywhereWithAReplay() {
        RecordingConnection onA = connect(nodeA, "abc7");
        RecordingConnection onB = connect(nodeB, "abc7");
        for (int i = 1; i <= 6; i++) {
            List.of(nodeA, nodeB, nodeC).get(i % 3).sendToSession("abc7", Map.of("type", "m", "n", i));
        }
        await().atMost(WAIT).until(() -> onA.sent().size() == 6 && onB.sent().size() == 6);
        assertThat(onA.sent()).isEqualTo(onB.sent());
        nodeA.disconnect(onA); // the network dropped after seq 6 reached the tab on A
        nodeB.sendToSession("abc7", Map.of("type", "m", "n", 7));

        RecordingConnection resumed = new RecordingConnection();
        nodeC.reconnect(resumed, "abc7", 6);

        await().atMost(WAIT).until(() -> resumed.sent().size() == 1);
        assertThat(json.decode(resumed.sent().get(0))).isEqualTo(Map.of("type", "m", "n", 7, "seq", 7));
    }

    @Test
    void messagesArriveInTheOrderTheirSendsWereAcceptedWhicheverNodesTheyWentThrough() {
        RecordingConnection page = connect(nodeA, "ord1");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            List.of(nodeA, nodeB, nodeC).get(i % 3).sendToSession("ord1", Map.of("type", "m", "n", i));
            expected.add(Map.of("type", "m", "n", i, "seq", i));
        }

        await().atMost(WAIT).until(() -> page.sent().size() == 300);
        assertThat(page.sent().stream().map(json::decode).toList()).isEqualTo(expected);
    }

    @Test
    void aReplyFindsItsRequestAfterThePageMovedToAnotherNode() throws Exception {
        RecordingConnection before = connect(nodeB, "mov3");
        CompletableFuture<InboundMessage> reply =
                nodeA.request("mov3", Map.of("type", "get-page-data"), Duration.ofSeconds(20));
        await().atMost(WAIT).until(() -> before.sent().size() == 1);
        String requestId = (String) json.decode(before.sent().get(0)).get("request_id");
        nodeB.disconnect(before); // dropped before it answered
        RecordingConnection after = new RecordingConnection();
        nodeC.reconnect(after, "mov3", 1); // it had the request already: no replay

        nodeC.receive(after, "{\"type\":\"page-data\",\"request_id\":\"" + requestId + "\",\"n\":5}");

        InboundMessage message = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message.get("n")).isEqualTo(5);
        assertThat(message.sessionId()).isEqualTo("mov3");
        assertThat(after.sent()).isEmpty();
    }

    @Test
    void sessionValuesAreVisibleFromEveryNodeUntilTheSessionEnds() {
        RecordingConnection page = connect(nodeB, "val4");
        nodeB.putSessionValue("val4", "last-error", "Unexpected token");

        assertThat(nodeA.sessionValue("val4", "last-error")).contains("Unexpected token");
        assertThat(nodeC.removeSessionValue("val4", "last-error")).contains("Unexpected token");
        assertThat(nodeA.sessionValue("val4", "last-error")).isEmpty();
        assertThatThrownBy(() -> nodeA.putSessionValue("nope5", "k", "v")).isInstanceOf(SessionNotFoundException.class);

        nodeC.putSessionValue("val4", "k", "v");
        nodeB.disconnect(page, CloseCodes.NORMAL);
        await().atMost(WAIT).until(() -> nodeA.sessionValue("val4", "k").isEmpty());
    }

    @Test
    void aNodeThatShutsDownLeavesItsSessionsResumableAndAcceptedMessagesReachThePageElsewhere() {
        RecordingConnection page = connect(nodeC, "drn6");
        nodeA.sendToSession("drn6", Map.of("type", "m", "n", 1));
        await().atMost(WAIT).until(() -> page.sent().size() == 1);

        nodeC.close();

        assertThat(page.closeCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
        assertThat(nodeA.sendToSession("drn6", Map.of("type", "m", "n", 2))).isZero(); // kept for the page
        RecordingConnection resumed = new RecordingConnection();
        nodeB.reconnect(resumed, "drn6", 1);
        await().atMost(WAIT).until(() -> resumed.sent().size() == 1);
        assertThat(json.decode(resumed.sent().get(0))).isEqualTo(Map.of("type", "m", "n", 2, "seq", 2));
    }

    @Test
    void requestsFromOtherNodesCountAgainstTheHoldingNodesLimit() throws Exception {
        ConnectionManager holder = startNode(
                ConnectionManagerOptions.builder().maxPendingRequests(2).build());
        RecordingConnection page = connect(holder, "lim7");
        List<CompletableFuture<InboundMessage>> asked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            asked.add(nodeA.request("lim7", Map.of("type", "q"), WAIT));
        }
        await().atMost(WAIT).until(() -> holder.stats().pendingRequests() == 2);

        CompletableFuture<InboundMessage> third = nodeB.request("lim7", Map.of("type", "q"), WAIT);

        assertThat(third)
                .failsWithin(WAIT)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ConnectionManagerException.class)
                .withMessageContaining("requests waiting already");
        assertThat(page.sent()).hasSize(2);
        asked.forEach(request -> request.cancel(false));
    }

    protected RecordingConnection connect(ConnectionManager node, String sessionId) {
        RecordingConnection page = new RecordingConnection();
        node.connect(page, sessionId);
        return page;
    }

    protected void awaitSessionVisible(ConnectionManager node, String sessionId) {
        await().atMost(WAIT).until(() -> node.getSessionIds().contains(sessionId));
    }

    @Test
    void cancellingARequestToAnotherNodeTellsThePageThere() {
        RecordingConnection page = connect(nodeB, "ask9");
        awaitSessionVisible(nodeA, "ask9");
        CompletableFuture<InboundMessage> reply = nodeA.request("ask9", Map.of("type", "think"), WAIT);
        await().atMost(WAIT).until(() -> page.sent().size() == 1);
        String requestId = (String) json.decode(page.sent().get(0)).get("request_id");

        reply.cancel(false);

        assertThat(nodeA.stats().pendingRequests()).isZero();
        await().atMost(WAIT).until(() -> page.sent().size() == 2);
        assertThat(json.decode(page.sent().get(1)))
                .containsEntry("type", "cancel")
                .containsEntry("request_id", requestId);
    }
}
