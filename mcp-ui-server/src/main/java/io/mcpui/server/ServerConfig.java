package io.mcpui.server;

import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link UnifiedServer}. Build with {@link #builder()}; defaults are the
 * {@code DEFAULT_*} constants here and in {@link ConnectionManagerOptions} and {@link
 * WebSocketOptions}. Thread-safe.
 *
 * @param host the address to bind; {@code 127.0.0.1} keeps the server off the network
 * @param port the TCP port; {@code 0} picks a free one
 * @param publicUrl how people and assistants reach the server, used in page links, error messages
 *     and the Host/Origin checks: scheme, host and optional port, no path (the server is not
 *     served under a path prefix); a trailing {@code /} is dropped. {@code null}: {@code
 *     http://<host>:<port>}
 * @param vendorDir a directory served at {@code /vendor/}, to host the editor's script yourself;
 *     {@code null}: none
 * @param allowedOrigins browser origins, besides the server's own, allowed to call the MCP
 *     endpoints and the admin API and to open page WebSockets (e.g. the MCP Inspector at {@code
 *     http://localhost:6274})
 * @param maxConcurrentToolCalls how many tool calls may run at once across all apps; more fail at
 *     once with a "busy" error rather than waiting for a thread
 * @param mcpKeepAlive how often MCP streams get a keep-alive ping, so that streams of clients
 *     that went away are noticed and freed
 * @param openSessions accept any session id a page presents, without a token (the original's
 *     behaviour; anyone who guesses an id can take the page's traffic)
 * @param sessionSecret the secret that signs session tokens (at least 32 bytes); {@code null}: a
 *     random one per start, so tokens die with the process
 * @param tokenLifetime how long a page's session token stays valid
 * @param authToken the bearer token the MCP endpoints and the admin API require; {@code null}:
 *     none
 * @param insecure allow binding a non-loopback address without an {@code authToken}
 * @param shutdownTimeout how long a shutdown may take before the process gives up waiting
 * @param connections limits and policies of every app's connection manager
 * @param webSockets transport settings of the page WebSockets; their {@code allowedOrigins} is
 *     ignored in favour of this config's {@code allowedOrigins}, the public URL's origin and the
 *     loopback origins of the port
 * @param redisUrl joins the cluster of every server with the same Redis (e.g. {@code
 *     redis://localhost:6379}); {@code null}: a single node, no Redis
 * @param appSettings values of settings the apps declare ({@link
 *     io.mcpui.server.app.McpUiApp#settings()}), by name; an app's default holds for the rest
 * @param clock the time the apps read (tests set it)
 */
public record ServerConfig(
        String host,
        int port,
        @Nullable URI publicUrl,
        @Nullable Path vendorDir,
        List<String> allowedOrigins,
        int maxConcurrentToolCalls,
        Duration mcpKeepAlive,
        boolean openSessions,
        @Nullable String sessionSecret,
        Duration tokenLifetime,
        @Nullable String authToken,
        boolean insecure,
        Duration shutdownTimeout,
        ConnectionManagerOptions connections,
        WebSocketOptions webSockets,
        @Nullable String redisUrl,
        Map<String, String> appSettings,
        Clock clock) {

    /** Default {@link #host()}: {@code 127.0.0.1}. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default {@link #port()}: 8002, as the original servers. */
    public static final int DEFAULT_PORT = 8002;

    /** Default {@link #maxConcurrentToolCalls()}: 128. */
    public static final int DEFAULT_MAX_CONCURRENT_TOOL_CALLS = 128;

    /** Default {@link #mcpKeepAlive()}: 15 seconds. */
    public static final Duration DEFAULT_MCP_KEEP_ALIVE = Duration.ofSeconds(15);

    /** Default {@link #tokenLifetime()}: 24 hours. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(24);

    /** Default {@link #shutdownTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @throws IllegalArgumentException if a value is out of range, or the server would listen
     *     beyond this machine without an auth token and without {@code insecure}
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (publicUrl != null) {
            publicUrl = serverRoot(publicUrl);
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxConcurrentToolCalls <= 0) {
            throw new IllegalArgumentException(
                    "maxConcurrentToolCalls must be positive, was " + maxConcurrentToolCalls);
        }
        requirePositive("mcpKeepAlive", mcpKeepAlive);
        if (sessionSecret != null && sessionSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("sessionSecret must have at least 32 bytes");
        }
        requirePositive("tokenLifetime", tokenLifetime);
        if (authToken != null && authToken.length() < 16) {
            throw new IllegalArgumentException("authToken must have at least 16 characters");
        }
        requirePositive("shutdownTimeout", shutdownTimeout);
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(webSockets, "webSockets");
        if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new IllegalArgumentException("redisUrl must start with redis:// or rediss://, was " + redisUrl);
        }
        if (redisUrl != null && !openSessions && sessionSecret == null) {
            throw new IllegalArgumentException("in a cluster every node must accept the tokens the others issue: "
                    + "set the same --session-secret (SESSION_SECRET) on every node, or use --open-sessions");
        }
        appSettings = Map.copyOf(appSettings);
        Objects.requireNonNull(clock, "clock");
        if (!isLoopback(host) && authToken == null && !insecure) {
            throw new IllegalArgumentException("host " + host + " is reachable from other machines, and the MCP "
                    + "endpoints and admin API have no auth token: set --auth-token (AUTH_TOKEN), bind 127.0.0.1, "
                    + "or pass --insecure if something else guards them");
        }
    }

    /** The defaults: 127.0.0.1:8002, session tokens, the apps' own defaults. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static ServerConfigBuilder builder() {
        return new ServerConfigBuilder();
    }

    /** Whether {@code host} names this machine only. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code url} as {@code scheme://host[:port]}, refusing what the server cannot honour. */
    private static URI serverRoot(URI url) {
        if (!url.isAbsolute() || !List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("publicUrl must be an absolute http(s) URL, was " + url);
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new IllegalArgumentException("publicUrl must be the server's root, like https://ui.example.com,"
                    + " without a path: serving under a path prefix is not supported; was " + url);
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
