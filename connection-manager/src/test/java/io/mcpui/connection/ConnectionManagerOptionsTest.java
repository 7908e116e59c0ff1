package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionManagerOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        ConnectionManagerOptions options = ConnectionManagerOptions.defaults();

        assertThat(options.maxQueuedMessages()).isEqualTo(1024);
        assertThat(options.maxQueuedBytes()).isEqualTo(1024 * 1024);
        assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.CLOSE_CONNECTION);
        assertThat(options.deliveryPolicy()).isEqualTo(DeliveryPolicy.ALL_CONNECTIONS);
        assertThat(options.maxSessionIdLength()).isEqualTo(64);
        assertThat(options.sessionIdReservation()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.maxPendingRequests()).isEqualTo(10_000);
    }

    @Test
    void nonPositiveValuesAreRefusedWhereTheyAreSet() {
        ConnectionManagerOptions.Builder builder = ConnectionManagerOptions.builder();

        assertThatThrownBy(() -> builder.maxQueuedMessages(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxQueuedMessages must be positive, was 0");
        assertThatThrownBy(() -> builder.maxQueuedBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.sessionIdReservation(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionIdReservation must be a positive duration");
        assertThatThrownBy(() -> builder.maxPendingRequests(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ConnectionManagerOptions options = ConnectionManagerOptions.builder()
                .maxQueuedMessages(7)
                .deliveryPolicy(DeliveryPolicy.NEWEST_CONNECTION)
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
    }
}
