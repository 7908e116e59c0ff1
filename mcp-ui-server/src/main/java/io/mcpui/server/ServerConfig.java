package io.mcpui.server;

import io.mcpui.server.apps.strudel.StrudelApp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link UnifiedServer}. Build with {@link #builder()}; defaults are the
 * {@code DEFAULT_*} constants. Thread-safe.
 *
 * @param host the address to bind; {@code 127.0.0.1} keeps the server off the network
 * @param port the TCP port; {@code 0} picks a free one
 * @param publicUrl how people and assistants reach the server, used in page links and error
 *     messages; {@code null}: {@code http://<host>:<port>}
 * @param strudelReplUrl where the Strudel page loads the editor's script from
 * @param vendorDir a directory served at {@code /vendor/}, to host the editor's script yourself;
 *     {@code null}: none
 * @param allowedOrigins browser origins, besides the server's own, allowed to call the MCP
 *     endpoints (e.g. an MCP Inspector at {@code http://localhost:6274})
 * @param maxConcurrentToolCalls how many tool calls may run at once across all apps; more fail at
 *     once with a "busy" error rather than waiting for a thread
 * @param mcpKeepAlive how often MCP streams get a keep-alive ping, so that streams of clients
 *     that went away are noticed and freed
 */
public record ServerConfig(
        String host,
        int port,
        @Nullable URI publicUrl,
        String strudelReplUrl,
        @Nullable Path vendorDir,
        List<String> allowedOrigins,
        int maxConcurrentToolCalls,
        Duration mcpKeepAlive) {

    /** Default {@link #host()}: {@code 127.0.0.1}. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default {@link #port()}: 8002, as the original servers. */
    public static final int DEFAULT_PORT = 8002;

    /** Default {@link #maxConcurrentToolCalls()}: 128. */
    public static final int DEFAULT_MAX_CONCURRENT_TOOL_CALLS = 128;

    /** Default {@link #mcpKeepAlive()}: 15 seconds. */
    public static final Duration DEFAULT_MCP_KEEP_ALIVE = Duration.ofSeconds(15);

    /**
     * @throws IllegalArgumentException if the host is blank, the port outside 0..65535, the
     *     public URL not absolute http(s), or a count or duration not positive
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (publicUrl != null
                && (!publicUrl.isAbsolute() || !List.of("http", "https").contains(publicUrl.getScheme()))) {
            throw new IllegalArgumentException("publicUrl must be an absolute http(s) URL, was " + publicUrl);
        }
        Objects.requireNonNull(strudelReplUrl, "strudelReplUrl");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxConcurrentToolCalls <= 0) {
            throw new IllegalArgumentException(
                    "maxConcurrentToolCalls must be positive, was " + maxConcurrentToolCalls);
        }
        Objects.requireNonNull(mcpKeepAlive, "mcpKeepAlive");
        if (mcpKeepAlive.isNegative() || mcpKeepAlive.isZero()) {
            throw new IllegalArgumentException("mcpKeepAlive must be positive, was " + mcpKeepAlive);
        }
    }

    /** The defaults: 127.0.0.1:8002, editor from its CDN. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects values for {@link ServerConfig}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private @Nullable URI publicUrl;
        private String strudelReplUrl = StrudelApp.DEFAULT_REPL_URL;
        private @Nullable Path vendorDir;
        private List<String> allowedOrigins = List.of();
        private int maxConcurrentToolCalls = DEFAULT_MAX_CONCURRENT_TOOL_CALLS;
        private Duration mcpKeepAlive = DEFAULT_MCP_KEEP_ALIVE;

        private Builder() {}

        /** See {@link ServerConfig#host()}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** See {@link ServerConfig#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** See {@link ServerConfig#publicUrl()}. */
        public Builder publicUrl(@Nullable URI publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        /** See {@link ServerConfig#strudelReplUrl()}. */
        public Builder strudelReplUrl(String strudelReplUrl) {
            this.strudelReplUrl = strudelReplUrl;
            return this;
        }

        /** See {@link ServerConfig#vendorDir()}. */
        public Builder vendorDir(@Nullable Path vendorDir) {
            this.vendorDir = vendorDir;
            return this;
        }

        /** See {@link ServerConfig#allowedOrigins()}. */
        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        /** See {@link ServerConfig#maxConcurrentToolCalls()}. */
        public Builder maxConcurrentToolCalls(int maxConcurrentToolCalls) {
            this.maxConcurrentToolCalls = maxConcurrentToolCalls;
            return this;
        }

        /** See {@link ServerConfig#mcpKeepAlive()}. */
        public Builder mcpKeepAlive(Duration mcpKeepAlive) {
            this.mcpKeepAlive = mcpKeepAlive;
            return this;
        }

        /** @throws IllegalArgumentException as {@link ServerConfig} does */
        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    publicUrl,
                    strudelReplUrl,
                    vendorDir,
                    allowedOrigins,
                    maxConcurrentToolCalls,
                    mcpKeepAlive);
        }
    }
}
