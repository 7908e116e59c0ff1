package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionManagerTest {

    private final ConnectionManager manager =
            ConnectionManager.builder().scheduler(new ManualScheduler()).build();

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void emptyManagerHasNoConnectionsOrSessions() {
        assertThat(manager.hasConnections()).isFalse();
        assertThat(manager.getConnectionCount()).isZero();
        assertThat(manager.getSessionIds()).isEmpty();
        assertThat(manager.getSessionConnection("abc7")).isEmpty();
    }

    @Test
    void connectRegistersConnectionUnderItsSession() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        assertThat(manager.hasConnections()).isTrue();
        assertThat(manager.getConnectionCount()).isEqualTo(1);
        assertThat(manager.getSessionIds()).containsExactly("abc7");
        assertThat(manager.getSessionConnection("abc7")).containsSame(page);
    }

    @Test
    void sessionsAreListedWithTheirConnectionCounts() {
        manager.connect(new RecordingConnection(), "abc7");
        manager.connect(new RecordingConnection(), "abc7");
        manager.connect(new RecordingConnection(), "xyz1");
        manager.connect(new RecordingConnection(), null);

        assertThat(manager.getSessions()).isEqualTo(Map.of("abc7", 2, "xyz1", 1));
    }

    @Test
    void connectWithoutSessionIsBroadcastOnly() {
        manager.connect(new RecordingConnection(), null);

        assertThat(manager.getConnectionCount()).isEqualTo(1);
        assertThat(manager.getSessionIds()).isEmpty();
    }

    @Test
    void connectingTheSameConnectionTwiceIsRefused() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        assertThatThrownBy(() -> manager.connect(page, "abc7"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already connected");
        assertThat(manager.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void disconnectForgetsConnectionAndEmptySession() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.disconnect(page);
        manager.disconnect(page);

        assertThat(manager.hasConnections()).isFalse();
        assertThat(manager.getSessionIds()).isEmpty();
        assertThat(manager.getSessionConnection("abc7")).isEmpty();
    }

    @Test
    void sessionKeepsItsOtherTabsWhenOneLeaves() {
        RecordingConnection first = new RecordingConnection();
        RecordingConnection second = new RecordingConnection();
        manager.connect(first, "abc7");
        manager.connect(second, "abc7");

        manager.disconnect(second);

        assertThat(manager.getSessionIds()).containsExactly("abc7");
        assertThat(manager.getSessionConnection("abc7")).containsSame(first);
    }

    @Test
    void sessionConnectionIsTheNewestTab() {
        RecordingConnection older = new RecordingConnection();
        RecordingConnection newer = new RecordingConnection();
        manager.connect(older, "abc7");
        manager.connect(newer, "abc7");

        assertThat(manager.getSessionConnection("abc7")).containsSame(newer);
    }

    @Test
    void sendToSessionReachesEveryTabOfThatSessionOnly() {
        RecordingConnection tab1 = new RecordingConnection();
        RecordingConnection tab2 = new RecordingConnection();
        RecordingConnection stranger = new RecordingConnection();
        manager.connect(tab1, "abc7");
        manager.connect(tab2, "abc7");
        manager.connect(stranger, "xyz1");

        int reached = manager.sendToSession("abc7", Map.of("type", "strudel-stop"));

        assertThat(reached).isEqualTo(2);
        assertThat(tab1.sent()).containsExactly("{\"type\":\"strudel-stop\",\"seq\":1}");
        assertThat(tab2.sent()).containsExactly("{\"type\":\"strudel-stop\",\"seq\":1}");
        assertThat(stranger.sent()).isEmpty();
    }

    @Test
    void newestConnectionPolicySendsToTheNewestTabOnly() {
        try (ConnectionManager newestOnly = ConnectionManager.builder()
                .options(ConnectionManagerOptions.builder()
                        .deliveryPolicy(DeliveryPolicy.NEWEST_CONNECTION)
                        .build())
                .scheduler(new ManualScheduler())
                .build()) {
            RecordingConnection older = new RecordingConnection();
            RecordingConnection newer = new RecordingConnection();
            newestOnly.connect(older, "abc7");
            newestOnly.connect(newer, "abc7");

            assertThat(newestOnly.sendToSession("abc7", Map.of("type", "x"))).isEqualTo(1);
            assertThat(newer.sent()).hasSize(1);
            assertThat(older.sent()).isEmpty();
        }
    }

    @Test
    void sendToUnknownSessionReportsNotFound() {
        assertThatThrownBy(() -> manager.sendToSession("nope1", Map.of("type", "x")))
                .isInstanceOf(SessionNotFoundException.class)
                .hasMessage("Session nope1 is not connected")
                .extracting(e -> ((SessionNotFoundException) e).sessionId())
                .isEqualTo("nope1");
    }

    @Test
    void sendOfSomethingThatIsNotAJsonObjectIsRefused() {
        manager.connect(new RecordingConnection(), "abc7");

        assertThatThrownBy(() -> manager.sendToSession("abc7", "just a string"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void recordsAreEncodedWithTheirComponentNames() {
        RecordingConnection page = new RecordingConnection();
        manager.connect(page, "abc7");

        manager.sendToSession("abc7", new StrudelCode("strudel-code", "s(\"bd\")", true));

        assertThat(page.sent())
                .containsExactly("{\"type\":\"strudel-code\",\"code\":\"s(\\\"bd\\\")\",\"autoplay\":true,\"seq\":1}");
    }

    record StrudelCode(String type, String code, boolean autoplay) {}

    @Test
    void broadcastReachesEveryConnectionWithTheSameEncodedText() {
        List<RecordingConnection> pages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RecordingConnection page = new RecordingConnection();
            pages.add(page);
            manager.connect(page, i == 4 ? null : "ses" + i);
        }

        int reached = manager.broadcast(Map.of("type", "hello"));

        assertThat(reached).isEqualTo(5);
        String first = pages.get(0).sent().get(0);
        assertThat(first).isEqualTo("{\"type\":\"hello\"}");
        // Encoded once: every connection got the very same String instance.
        pages.forEach(page -> assertThat(page.sent()).singleElement().isSameAs(first));
    }

    @Test
    void broadcastWithNoConnectionsReachesNobody() {
        assertThat(manager.broadcast(Map.of("type", "hello"))).isZero();
    }

    @Test
    void listenersHearConnectAndDisconnectInOrder() {
        List<String> events = new ArrayList<>();
        manager.addListener(new ConnectionListener() {
            @Override
            public void onConnect(Connection connection, String sessionId) {
                events.add("connect " + sessionId + " " + manager.getConnectionCount());
            }

            @Override
            public void onDisconnect(Connection connection, String sessionId) {
                events.add("disconnect " + sessionId + " " + manager.getConnectionCount());
            }
        });
        RecordingConnection page = new RecordingConnection();

        manager.connect(page, "abc7");
        manager.disconnect(page);

        assertThat(events).containsExactly("connect abc7 1", "disconnect abc7 0");
    }

    @Test
    void failingListenerDoesNotStopConnectOrOtherListeners() {
        List<String> heard = new ArrayList<>();
        manager.addListener(new ConnectionListener() {
            @Override
            public void onConnect(Connection connection, String sessionId) {
                throw new IllegalStateException("boom");
            }
        });
        manager.addListener(new ConnectionListener() {
            @Override
            public void onConnect(Connection connection, String sessionId) {
                heard.add(sessionId);
            }
        });

        manager.connect(new RecordingConnection(), "abc7");

        assertThat(heard).containsExactly("abc7");
        assertThat(manager.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void removedListenerHearsNothing() {
        List<String> heard = new ArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void onConnect(Connection connection, String sessionId) {
                heard.add(sessionId);
            }
        };
        manager.addListener(listener);
        manager.removeListener(listener);

        manager.connect(new RecordingConnection(), "abc7");

        assertThat(heard).isEmpty();
    }

    @Test
    void aMessageCarryingAFieldTheManagerSetsIsRefused() {
        manager.connect(new RecordingConnection(), "abc7");

        assertThatThrownBy(() -> manager.sendToSession("abc7", Map.of("type", "x", "seq", 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"seq\"");
        assertThatThrownBy(
                        () -> manager.request("abc7", Map.of("type", "q", "request_id", "mine"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"request_id\"");
    }

    @Test
    void closeAsksEveryConnectionToReconnectAndRefusesFurtherUse() {
        RecordingConnection page = new RecordingConnection();
        RecordingConnection anonymous = new RecordingConnection();
        manager.connect(page, "abc7");
        manager.connect(anonymous, null);

        manager.close();

        assertThat(page.closeCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
        assertThat(anonymous.closeCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
        assertThat(manager.getConnectionCount()).isZero();
        assertThatThrownBy(() -> manager.broadcast(Map.of("type", "x"))).isInstanceOf(IllegalStateException.class);
        RecordingConnection late = new RecordingConnection();
        assertThatThrownBy(() -> manager.connect(late, "abc7")).isInstanceOf(IllegalStateException.class);
        assertThat(late.closeCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
    }
}
