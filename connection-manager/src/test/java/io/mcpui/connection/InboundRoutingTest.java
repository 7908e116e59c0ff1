package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundRoutingTest {

    private final ConnectionManager manager =
            ConnectionManager.builder().scheduler(new ManualScheduler()).build();
    private final RecordingConnection page = new RecordingConnection();

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void pingIsAnsweredWithPong() {
        manager.connect(page, "abc7");

        manager.receive(page, "{\"type\":\"ping\"}");

        assertThat(page.sent()).containsExactly("{\"type\":\"pong\"}");
    }

    @Test
    void pingFromBroadcastOnlyConnectionIsAnsweredToo() {
        manager.connect(page, null);

        manager.receive(page, "{\"type\":\"ping\"}");

        assertThat(page.sent()).containsExactly("{\"type\":\"pong\"}");
    }

    @Test
    void messageGoesToTheHandlerOfItsType() {
        List<InboundMessage> received = new ArrayList<>();
        manager.onMessage("evaluation-error", received::add);
        manager.connect(page, "abc7");

        manager.receive(page, "{\"type\":\"evaluation-error\",\"error\":\"bad note\",\"code\":\"n(1\"}");

        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.type()).isEqualTo("evaluation-error");
            assertThat(message.sessionId()).isEqualTo("abc7");
            assertThat(message.connection()).isSameAs(page);
            assertThat(message.string("error")).isEqualTo("bad note");
            assertThat(message.as(EvaluationError.class)).isEqualTo(new EvaluationError("bad note", "n(1"));
        });
    }

    record EvaluationError(String error, String code) {}

    @Test
    void messageWithoutHandlerIsCountedAsUnhandled() {
        manager.connect(page, "abc7");

        manager.receive(page, "{\"type\":\"nobody-listens\"}");
        manager.receive(page, "{\"no_type\":true}");

        assertThat(manager.stats().unhandledMessages()).isEqualTo(2);
    }

    @Test
    void malformedJsonIsCountedAndTheConnectionStaysUsable() {
        List<InboundMessage> received = new ArrayList<>();
        manager.onMessage("hello", received::add);
        manager.connect(page, "abc7");

        manager.receive(page, "{not json");
        manager.receive(page, "[1,2,3]");
        manager.receive(page, "\"a string\"");
        manager.receive(page, "{\"type\":\"hello\"} trailing");
        manager.receive(page, "{\"type\":\"hello\"}");

        assertThat(manager.stats().malformedMessages()).isEqualTo(4);
        assertThat(received).hasSize(1);
        assertThat(page.isOpen()).isTrue();
    }

    @Test
    void failingHandlerIsCountedAndLaterMessagesStillArrive() {
        List<InboundMessage> received = new ArrayList<>();
        manager.onMessage("explode", message -> {
            throw new IllegalStateException("handler bug");
        });
        manager.onMessage("hello", received::add);
        manager.connect(page, "abc7");

        manager.receive(page, "{\"type\":\"explode\"}");
        manager.receive(page, "{\"type\":\"hello\"}");

        assertThat(manager.stats().handlerFailures()).isEqualTo(1);
        assertThat(received).hasSize(1);
    }

    @Test
    void messagesFromUnregisteredConnectionsAreIgnored() {
        List<InboundMessage> received = new ArrayList<>();
        manager.onMessage("hello", received::add);

        manager.receive(page, "{\"type\":\"hello\"}");

        assertThat(received).isEmpty();
    }

    @Test
    void registeringTwoHandlersForOneTypeIsRefused() {
        manager.onMessage("hello", message -> {});

        assertThatThrownBy(() -> manager.onMessage("hello", message -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already registered");
    }

    @Test
    void pingCannotBeTakenOverByAHandler() {
        assertThatThrownBy(() -> manager.onMessage("ping", message -> {})).isInstanceOf(IllegalArgumentException.class);
    }
}
