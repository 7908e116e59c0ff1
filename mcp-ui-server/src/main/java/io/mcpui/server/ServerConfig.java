package io.mcpui.server;

import java.util.Objects;

/**
 * Immutable settings of a {@link UnifiedServer}. Thread-safe.
 *
 * @param host the address to bind; {@code 127.0.0.1} keeps the server off the network
 * @param port the TCP port; {@code 0} picks a free one
 */
public record ServerConfig(String host, int port) {

    /** Default {@link #host()}: {@code 127.0.0.1}. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default {@link #port()}: 8002, as the original servers. */
    public static final int DEFAULT_PORT = 8002;

    /** @throws IllegalArgumentException if the port is outside 0..65535 or the host is blank */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    /** The defaults: 127.0.0.1:8002. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT);
    }
}
