package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.testkit.InJvmCluster;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message is encoded once, however many connections and nodes it reaches: each copy carries
 * the same encoding with its own {@code seq} spliced in.
 */
class EncodeOnceTest {

    /** The Jackson codec, counting its encodes. */
    private static final class CountingCodec implements JsonCodec {
        private final JsonCodec jackson = JsonCodec.jackson();
        final AtomicInteger encodes = new AtomicInteger();

        @Override
        public String encode(Object message) {
            encodes.incrementAndGet();
            return jackson.encode(message);
        }

        @Override
        public Map<String, Object> decode(String text) {
            return jackson.decode(text);
        }

        @Override
        public <T> T convert(Map<String, Object> fields, Class<T> type) {
            return jackson.convert(fields, type);
        }
    }

    private final InJvmCluster cluster = new InJvmCluster();
    private final CountingCodec codecA = new CountingCodec();
    private final CountingCodec codecB = new CountingCodec();
    private final ConnectionManager nodeA = ConnectionManager.builder()
            .backplane(cluster.newNode())
            .codec(codecA)
            .build();
    private final ConnectionManager nodeB = ConnectionManager.builder()
            .backplane(cluster.newNode())
            .codec(codecB)
            .build();

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aMessageToTabsOnTwoNodesIsEncodedOnceInAll() {
        RecordingConnection tab1 = new RecordingConnection();
        RecordingConnection tab2 = new RecordingConnection();
        RecordingConnection onB = new RecordingConnection();
        nodeA.connect(tab1, "abc7");
        nodeA.connect(tab2, "abc7");
        nodeB.connect(onB, "abc7");

        assertThat(nodeA.sendToSession("abc7", Map.of("type", "strudel-stop"))).isEqualTo(3);

        assertThat(codecA.encodes.get() + codecB.encodes.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tab1.sent().size() == 1 && onB.sent().size() == 1);
        assertThat(tab1.sent()).containsExactly("{\"type\":\"strudel-stop\",\"seq\":1}");
        assertThat(onB.sent()).containsExactly("{\"type\":\"strudel-stop\",\"seq\":1}");
    }

    @Test
    void aRequestIsEncodedOnceToo() {
        RecordingConnection page = new RecordingConnection();
        nodeB.connect(page, "ask1");

        nodeA.request("ask1", Map.of("type", "get-page-data"), Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> page.sent().size() == 1);
        assertThat(codecA.encodes.get() + codecB.encodes.get()).isEqualTo(1);
    }
}
