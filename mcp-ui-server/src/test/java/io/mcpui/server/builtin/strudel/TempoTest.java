package io.mcpui.server.builtin.strudel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.server.app.ToolException;
import org.junit.jupiter.api.Test;

class TempoTest {

    @Test
    void cyclesPerSecondAndBeatsPerMinuteAreTheSameTempo() {
        assertThat(Tempo.of(null, 120.0).cps()).isEqualTo(0.5);
        assertThat(Tempo.of(0.75, null).bpm()).isEqualTo(180.0);
        assertThat(new Tempo(0.5)).hasToString("0.5 cycles per second (120 BPM)");
    }

    @Test
    void aTempoIsGivenOnceAndWithinRange() {
        assertThatThrownBy(() -> Tempo.of(null, null))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("either 'cps'");
        assertThatThrownBy(() -> Tempo.of(0.5, 120.0)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Tempo.of(50.0, null)).hasMessageContaining("out of range");
    }
}
