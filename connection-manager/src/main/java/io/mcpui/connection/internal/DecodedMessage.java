package io.mcpui.connection.internal;

import io.mcpui.connection.Connection;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.spi.JsonCodec;
import java.util.Collections;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An {@link InboundMessage} the codec decoded. */
record DecodedMessage(
        @Nullable Connection connection, @Nullable String sessionId, Map<String, Object> fields, JsonCodec codec)
        implements InboundMessage {

    DecodedMessage {
        fields = Collections.unmodifiableMap(fields);
    }

    @Override
    public <T> T as(Class<T> type) {
        return codec.convert(fields, type);
    }

    @Override
    public String toString() {
        // Field names only: message bodies may hold what a page shows, and stay out of logs.
        return "InboundMessage{type=" + type() + ", session=" + sessionId + ", fields=" + fields.keySet() + "}";
    }
}
