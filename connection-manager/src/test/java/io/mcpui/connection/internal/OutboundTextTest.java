package io.mcpui.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.spi.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundTextTest {

    private final JsonCodec codec = JsonCodec.jackson();

    @Test
    void seqAndRequestIdAreSplicedInAtTheTopLevel() {
        String text = OutboundText.encode(codec, Map.of("type", "q", "nested", Map.of("seq", 1)));

        String spliced = OutboundText.withSeq(OutboundText.withRequestId(text, "r-1"), 7);

        assertThat(codec.decode(spliced))
                .containsEntry("seq", 7)
                .containsEntry("request_id", "r-1")
                .containsEntry("type", "q")
                .containsEntry("nested", Map.of("seq", 1));
    }

    @Test
    void anEmptyObjectGetsTheFieldAlone() {
        assertThat(OutboundText.withSeq("{}", 3)).isEqualTo("{\"seq\":3}");
        assertThat(OutboundText.withSeq("{ }", 3)).isEqualTo("{\"seq\":3}");
    }

    @Test
    void aMessageWithItsOwnReservedFieldIsRefused() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "m");
        message.put("seq", 41);

        assertThatThrownBy(() -> OutboundText.encode(codec, message, OutboundText.SEQ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"seq\"");
    }

    @Test
    void reservedNamesInsideValuesOrNestedObjectsAreNotFields() {
        String text = codec.encode(Map.of(
                "type",
                "m",
                "note",
                "\"seq\":1, \\\"seq\\\"",
                "list",
                List.of(Map.of("seq", 2)),
                "inner",
                Map.of("seq", 3)));

        assertThat(OutboundText.hasTopLevelField(text, "seq")).isFalse();
        assertThat(OutboundText.hasTopLevelField(text, "note")).isTrue();
    }

    @Test
    void escapedKeysAreRecognized() {
        assertThat(OutboundText.hasTopLevelField("{\"a\":1,\"s\\u0065q\":2}", "seq"))
                .isTrue();
        assertThat(OutboundText.hasTopLevelField("{\"a\":[1,2],\"b\":{\"seq\":1},\"seq\":2}", "seq"))
                .isTrue();
    }
}
