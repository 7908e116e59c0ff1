package io.mcpui.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JacksonJsonCodecTest {

    private final JacksonJsonCodec codec = new JacksonJsonCodec();

    record Play(String type, String code) {}

    @Test
    void encodesARecordAsAnObject() {
        String text = codec.encode(new Play("strudel-code", "s(\"bd\")"));

        assertThat(codec.decode(text))
                .containsExactlyInAnyOrderEntriesOf(Map.of("type", "strudel-code", "code", "s(\"bd\")"));
    }

    @Test
    void valuesThatAreNotObjectsAreRefused() {
        assertThatThrownBy(() -> codec.encode(List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> codec.encode(42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeAcceptsExactlyOneObject() {
        assertThat(codec.decode(" {\"a\":[1,{\"b\":null}]} ")).containsKey("a");
        assertThatThrownBy(() -> codec.decode("{} {}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("null")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deeplyNestedInputIsRefusedNotOverflowed() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

        assertThatThrownBy(() -> codec.decode(deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertMapsFieldsOntoARecord() {
        assertThat(codec.convert(Map.of("type", "t", "code", "c", "extra", 1), Play.class))
                .isEqualTo(new Play("t", "c"));
    }
}
