package io.mcpui.server;

import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Collects values for {@link ServerConfig}; {@link #build()} checks them. Not thread-safe. */
public final class ServerConfigBuilder {
    private String host = ServerConfig.DEFAULT_HOST;
    private int port = ServerConfig.DEFAULT_PORT;
    private @Nullable URI publicUrl;
    private @Nullable Path vendorDir;
    private List<String> allowedOrigins = List.of();
    private int maxConcurrentToolCalls = ServerConfig.DEFAULT_MAX_CONCURRENT_TOOL_CALLS;
    private Duration mcpKeepAlive = ServerConfig.DEFAULT_MCP_KEEP_ALIVE;
    private boolean openSessions;
    private @Nullable String sessionSecret;
    private Duration tokenLifetime = ServerConfig.DEFAULT_TOKEN_LIFETIME;
    private @Nullable String authToken;
    private boolean insecure;
    private Duration shutdownTimeout = ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT;
    private ConnectionManagerOptions connections = ConnectionManagerOptions.defaults();
    private WebSocketOptions webSockets = WebSocketOptions.defaults();
    private @Nullable String redisUrl;
    private final Map<String, String> appSettings = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    ServerConfigBuilder() {}

    /** See {@link ServerConfig#host()}. */
    public ServerConfigBuilder host(String host) {
        this.host = host;
        return this;
    }

    /** See {@link ServerConfig#port()}. */
    public ServerConfigBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** See {@link ServerConfig#publicUrl()}. */
    public ServerConfigBuilder publicUrl(@Nullable URI publicUrl) {
        this.publicUrl = publicUrl;
        return this;
    }

    /** See {@link ServerConfig#vendorDir()}. */
    public ServerConfigBuilder vendorDir(@Nullable Path vendorDir) {
        this.vendorDir = vendorDir;
        return this;
    }

    /** See {@link ServerConfig#allowedOrigins()}. */
    public ServerConfigBuilder allowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
        return this;
    }

    /** See {@link ServerConfig#maxConcurrentToolCalls()}. */
    public ServerConfigBuilder maxConcurrentToolCalls(int maxConcurrentToolCalls) {
        this.maxConcurrentToolCalls = maxConcurrentToolCalls;
        return this;
    }

    /** See {@link ServerConfig#mcpKeepAlive()}. */
    public ServerConfigBuilder mcpKeepAlive(Duration mcpKeepAlive) {
        this.mcpKeepAlive = mcpKeepAlive;
        return this;
    }

    /** See {@link ServerConfig#openSessions()}. */
    public ServerConfigBuilder openSessions(boolean openSessions) {
        this.openSessions = openSessions;
        return this;
    }

    /** See {@link ServerConfig#sessionSecret()}. */
    public ServerConfigBuilder sessionSecret(@Nullable String sessionSecret) {
        this.sessionSecret = sessionSecret;
        return this;
    }

    /** See {@link ServerConfig#tokenLifetime()}. */
    public ServerConfigBuilder tokenLifetime(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
        return this;
    }

    /** See {@link ServerConfig#authToken()}. */
    public ServerConfigBuilder authToken(@Nullable String authToken) {
        this.authToken = authToken;
        return this;
    }

    /** See {@link ServerConfig#insecure()}. */
    public ServerConfigBuilder insecure(boolean insecure) {
        this.insecure = insecure;
        return this;
    }

    /** See {@link ServerConfig#shutdownTimeout()}. */
    public ServerConfigBuilder shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    /** See {@link ServerConfig#connections()}. */
    public ServerConfigBuilder connections(ConnectionManagerOptions connections) {
        this.connections = connections;
        return this;
    }

    /** See {@link ServerConfig#webSockets()}. */
    public ServerConfigBuilder webSockets(WebSocketOptions webSockets) {
        this.webSockets = webSockets;
        return this;
    }

    /** See {@link ServerConfig#redisUrl()}. */
    public ServerConfigBuilder redisUrl(@Nullable String redisUrl) {
        this.redisUrl = redisUrl;
        return this;
    }

    /** Sets one app setting; see {@link ServerConfig#appSettings()}. */
    public ServerConfigBuilder appSetting(String name, String value) {
        appSettings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** See {@link ServerConfig#clock()}. */
    public ServerConfigBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * The settings collected so far.
     *
     * @throws IllegalArgumentException as {@link ServerConfig} does
     */
    public ServerConfig build() {
        return new ServerConfig(
                host,
                port,
                publicUrl,
                vendorDir,
                allowedOrigins,
                maxConcurrentToolCalls,
                mcpKeepAlive,
                openSessions,
                sessionSecret,
                tokenLifetime,
                authToken,
                insecure,
                shutdownTimeout,
                connections,
                webSockets,
                redisUrl,
                appSettings,
                clock);
    }
}
