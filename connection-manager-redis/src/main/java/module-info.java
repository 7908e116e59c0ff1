/**
 * The Redis cluster backplane of the connection manager. Exports its API; the envelopes and
 * history entries it writes are opened to Jackson alone.
 */
module io.mcpui.connection.redis {
    requires transitive io.mcpui.connection;
    requires lettuce.core;
    requires tools.jackson.databind;
    requires com.fasterxml.jackson.annotation;
    requires org.slf4j;

    exports io.mcpui.connection.redis;

    opens io.mcpui.connection.redis.internal to
            tools.jackson.databind;
}
