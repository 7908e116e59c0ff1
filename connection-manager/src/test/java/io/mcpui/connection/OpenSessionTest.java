package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.InJvmCluster;
import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session opened before its page connects (an in-chat view is handed its id). */
class OpenSessionTest {

    private final ManualScheduler time = new ManualScheduler();
    private final JsonCodec json = JsonCodec.jackson();
    private final ConnectionManager manager =
            ConnectionManager.builder().scheduler(time).build();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void messagesAndRequestsWaitForThePageThatIsGivenTheId() {
        String id = manager.generateSessionId();
        manager.openSession(id);

        assertThat(manager.sendToSession(id, Map.of("type", "play"))).isZero();
        CompletableFuture<InboundMessage> asked =
                manager.request(id, Map.of("type", "get-page-data"), Duration.ofSeconds(10));
        RecordingConnection view = new RecordingConnection();
        manager.reconnect(view, id, 0);

        assertThat(view.sent()).hasSize(2);
        assertThat(json.decode(view.sent().get(0)))
                .containsEntry("type", "play")
                .containsEntry("seq", 1);
        String requestId = (String) json.decode(view.sent().get(1)).get("request_id");
        manager.receive(view, "{\"type\":\"page-data\",\"request_id\":\"" + requestId + "\"}");
        assertThat(asked).isCompletedWithValueMatching(reply -> "page-data".equals(reply.type()));
    }

    @Test
    void aSessionWhosePageNeverComesEndsAfterTheResumeWindow() {
        manager.openSession("view1");
        CompletableFuture<InboundMessage> asked = manager.request("view1", Map.of("type", "q"), Duration.ofMinutes(5));

        time.advance(ConnectionManagerOptions.DEFAULT_RESUME_WINDOW);

        assertThat(asked).isCompletedExceptionally();
        assertThatThrownBy(() -> manager.sendToSession("view1", Map.of("type", "late")))
                .isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void openingASessionThatExistsChangesNothing() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.openSession("abc7");

        assertThat(manager.getSessions()).containsEntry("abc7", 1);
        assertThat(manager.sendToSession("abc7", Map.of("type", "x"))).isEqualTo(1);
    }

    @Test
    void otherNodesSeeAnOpenedSession() {
        InJvmCluster cluster = new InJvmCluster();
        try (ConnectionManager nodeA =
                        ConnectionManager.builder().backplane(cluster.newNode()).build();
                ConnectionManager nodeB =
                        ConnectionManager.builder().backplane(cluster.newNode()).build()) {
            nodeA.openSession("view2");

            assertThat(nodeB.sendToSession("view2", Map.of("type", "hello"))).isZero();
        }
    }

    @Test
    void withoutResumingThereIsNothingToWaitWith() {
        try (ConnectionManager noResume = ConnectionManager.builder()
                .options(ConnectionManagerOptions.builder()
                        .resumeWindow(Duration.ZERO)
                        .build())
                .build()) {
            assertThatThrownBy(() -> noResume.openSession("view3")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anUnacceptableIdIsRefused() {
        assertThatThrownBy(() -> manager.openSession("no spaces")).isInstanceOf(InvalidSessionIdException.class);
    }
}
