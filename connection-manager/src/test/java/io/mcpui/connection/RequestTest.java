package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final ManualScheduler time = new ManualScheduler();
    private final ConnectionManager manager =
            ConnectionManager.builder().scheduler(time).build();
    private final JsonCodec json = JsonCodec.jackson();
    private final RecordingConnection page = new RecordingConnection();

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void requestCarriesARequestIdAndCompletesWithTheReply() throws Exception {
        manager.connect(page, "abc7");

        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "get-page-data"), TEN_SECONDS);
        String requestId = sentRequestId(page);
        manager.receive(
                page, "{\"type\":\"button-state-response\",\"request_id\":\"" + requestId + "\",\"state\":{\"a\":1}}");

        InboundMessage message = reply.getNow(null);
        assertThat(message.type()).isEqualTo("button-state-response");
        assertThat(message.get("state")).isEqualTo(Map.of("a", 1));
        assertThat(manager.stats().pendingRequests()).isZero();
    }

    @Test
    void requestIdsAreUnique() {
        manager.connect(page, "abc7");

        manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);
        manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);

        assertThat(page.sent())
                .extracting(text -> json.decode(text).get("request_id"))
                .doesNotHaveDuplicates();
    }

    @Test
    void firstReplyWinsWhenSeveralTabsAnswer() {
        RecordingConnection otherTab = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.connect(otherTab, "abc7");

        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "get-page-data"), TEN_SECONDS);
        String requestId = sentRequestId(page);
        manager.receive(otherTab, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\",\"tab\":2}");
        manager.receive(page, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\",\"tab\":1}");

        assertThat(reply.getNow(null).get("tab")).isEqualTo(2);
        assertThat(manager.stats().unmatchedReplies()).isEqualTo(1);
    }

    @Test
    void replyFromAnotherSessionIsIgnoredAndCounted() {
        RecordingConnection intruder = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.connect(intruder, "evil1");

        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "get-page-data"), TEN_SECONDS);
        String requestId = sentRequestId(page);
        manager.receive(intruder, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\",\"forged\":true}");

        assertThat(reply).isNotDone();
        assertThat(manager.stats().rejectedReplies()).isEqualTo(1);

        manager.receive(page, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\"}");
        assertThat(reply.getNow(null).get("forged")).isNull();
    }

    @Test
    void replyFromBroadcastOnlyConnectionIsIgnored() {
        RecordingConnection anonymous = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.connect(anonymous, null);

        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);
        manager.receive(anonymous, "{\"type\":\"r\",\"request_id\":\"" + sentRequestId(page) + "\"}");

        assertThat(reply).isNotDone();
        assertThat(manager.stats().rejectedReplies()).isEqualTo(1);
    }

    @Test
    void replyWithUnknownRequestIdIsCounted() {
        manager.connect(page, "abc7");

        manager.receive(page, "{\"type\":\"r\",\"request_id\":\"never-asked\"}");

        assertThat(manager.stats().unmatchedReplies()).isEqualTo(1);
    }

    @Test
    void requestTimesOutAndForgetsItsEntry() {
        manager.connect(page, "abc7");

        CompletableFuture<InboundMessage> reply =
                manager.request("abc7", Map.of("type", "get-page-data"), Duration.ofSeconds(5));
        time.advance(Duration.ofMillis(4999));
        assertThat(reply).isNotDone();
        time.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("Session abc7 did not reply")
                .hasMessageContaining("5000 ms");
        assertThat(manager.stats().pendingRequests()).isZero();
        assertThat(manager.stats().requestsTimedOut()).isEqualTo(1);
    }

    @Test
    void lateReplyAfterTimeoutIsCountedAsUnmatched() {
        manager.connect(page, "abc7");
        manager.request("abc7", Map.of("type", "q"), Duration.ofSeconds(1));
        String requestId = sentRequestId(page);
        time.advance(Duration.ofSeconds(1));

        manager.receive(page, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\"}");

        assertThat(manager.stats().unmatchedReplies()).isEqualTo(1);
    }

    @Test
    void requestToUnknownSessionFailsAtOnce() {
        CompletableFuture<InboundMessage> reply = manager.request("gone1", Map.of("type", "q"), TEN_SECONDS);

        assertThat(reply).isCompletedExceptionally();
        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(SessionNotFoundException.class);
        assertThat(manager.stats().pendingRequests()).isZero();
    }

    @Test
    void requestFailsAtOnceWhenItsPageCloses() {
        manager.connect(page, "abc7");
        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);

        manager.disconnect(page, CloseCodes.GOING_AWAY);

        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(SessionClosedException.class)
                .hasMessageContaining("its page closed");
        assertThat(manager.stats().pendingRequests()).isZero();
        assertThat(time.pendingTasks()).as("timeout timer cancelled").isEqualTo(1); // the id sweep
    }

    @Test
    void requestToAPageWhoseConnectionDroppedIsAnsweredWhenItReconnects() {
        manager.connect(page, "abc7");
        manager.disconnect(page); // the network dropped: no close frame

        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);
        RecordingConnection back = new RecordingConnection();
        manager.reconnect(back, "abc7", 0);
        manager.receive(back, "{\"type\":\"r\",\"request_id\":\"" + sentRequestId(back) + "\"}");

        assertThat(reply).isCompleted();
    }

    @Test
    void requestFailsWhenADroppedPageDoesNotReturnWithinTheResumeWindow() {
        manager.connect(page, "abc7");
        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), Duration.ofMinutes(5));
        manager.disconnect(page);

        time.advance(ConnectionManagerOptions.DEFAULT_RESUME_WINDOW.minusMillis(1));
        assertThat(reply).isNotDone();
        time.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(SessionClosedException.class);
        assertThat(manager.stats().pendingRequests()).isZero();
    }

    @Test
    void requestSurvivesWhileAnotherTabOfTheSessionRemains() {
        RecordingConnection otherTab = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.connect(otherTab, "abc7");
        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);

        manager.disconnect(page);
        manager.receive(otherTab, "{\"type\":\"r\",\"request_id\":\"" + sentRequestId(otherTab) + "\"}");

        assertThat(reply).isCompleted();
    }

    @Test
    void cancellingTheFutureForgetsTheRequest() {
        manager.connect(page, "abc7");
        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);

        reply.cancel(false);

        assertThat(manager.stats().pendingRequests()).isZero();
        manager.receive(page, "{\"type\":\"r\",\"request_id\":\"" + sentRequestId(page) + "\"}");
        assertThat(manager.stats().unmatchedReplies()).isEqualTo(1);
    }

    @Test
    void cancellingTheFutureTellsThePageWhichRequestWasCancelled() {
        manager.connect(page, "abc7");
        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);
        String requestId = sentRequestId(page);

        reply.cancel(false);

        assertThat(page.sent()).hasSize(2);
        assertThat(json.decode(page.sent().get(1)))
                .containsEntry("type", "cancel")
                .containsEntry("request_id", requestId)
                .containsEntry("seq", 2);
        assertThat(manager.stats().requestsCancelled()).isEqualTo(1);
    }

    @Test
    void aRequestThatEndsOtherwiseSendsNoCancel() {
        manager.connect(page, "abc7");
        manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);

        time.advance(TEN_SECONDS);

        assertThat(page.sent()).hasSize(1);
        assertThat(manager.stats().requestsCancelled()).isZero();
    }

    @Test
    void closingTheManagerFailsWaitingRequests() {
        manager.connect(page, "abc7");
        CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);

        manager.close();

        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(SessionClosedException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void tooManyWaitingRequestsFailFast() {
        try (ConnectionManager small = ConnectionManager.builder()
                .options(
                        ConnectionManagerOptions.builder().maxPendingRequests(2).build())
                .scheduler(time)
                .build()) {
            small.connect(page, "abc7");
            small.request("abc7", Map.of("type", "q"), TEN_SECONDS);
            small.request("abc7", Map.of("type", "q"), TEN_SECONDS);

            CompletableFuture<InboundMessage> third = small.request("abc7", Map.of("type", "q"), TEN_SECONDS);

            assertThatThrownBy(() -> third.get(1, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(TooManyPendingRequestsException.class);
            assertThat(small.stats().pendingRequests()).isEqualTo(2);
        }
    }

    @Test
    void nonPositiveTimeoutIsRefused() {
        manager.connect(page, "abc7");

        assertThatThrownBy(() -> manager.request("abc7", Map.of("type", "q"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void manyRequestsThatEndEveryWayLeaveNoEntryBehind() {
        manager.connect(page, "abc7");
        for (int i = 0; i < 1000; i++) {
            CompletableFuture<InboundMessage> reply = manager.request("abc7", Map.of("type", "q"), TEN_SECONDS);
            String requestId = sentRequestId(page);
            switch (i % 3) {
                case 0 -> manager.receive(page, "{\"type\":\"r\",\"request_id\":\"" + requestId + "\"}");
                case 1 -> reply.cancel(false);
                default -> {} // left to time out
            }
        }
        time.advance(TEN_SECONDS);

        assertThat(manager.stats().pendingRequests()).isZero();
        assertThat(time.pendingTasks()).isEqualTo(1); // only the id reservation sweep
    }

    private String sentRequestId(RecordingConnection connection) {
        String last = connection.sent().get(connection.sent().size() - 1);
        return (String) json.decode(last).get("request_id");
    }
}
