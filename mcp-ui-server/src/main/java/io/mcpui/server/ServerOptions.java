package io.mcpui.server;

import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.TrustedProxies;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The server's own command-line options (the apps add theirs, see {@link Main}). Each is a flag
 * and the environment variable of the same name in upper snake case; the flag wins.
 */
// picocli assigns every option field (from its flag, variable or default) before call() reads it.
@SuppressWarnings("NullAway.Init")
final class ServerOptions {

    // --- where it listens
    @Option(
            names = "--host",
            defaultValue = "${env:HOST:-" + ServerConfig.DEFAULT_HOST + "}",
            description = "Address to bind (env HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:PORT:-" + ServerConfig.DEFAULT_PORT + "}",
            description = "TCP port (env PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--public-url",
            defaultValue = "${env:PUBLIC_URL}",
            description = "How users reach the server, for links and the Host/Origin checks (env PUBLIC_URL, "
                    + "default http://<host>:<port>).")
    @Nullable
    URI publicUrl;

    @Option(
            names = "--redis-url",
            defaultValue = "${env:REDIS_URL}",
            description = "Join the cluster of every server on this Redis, e.g. redis://localhost:6379 (env REDIS_URL, "
                    + "default: a single node, no Redis).")
    @Nullable
    String redisUrl;

    // --- pages
    @Option(
            names = "--vendor-dir",
            defaultValue = "${env:VENDOR_DIR}",
            description = "Directory served at /vendor/, to host the editor yourself (env VENDOR_DIR).")
    @Nullable
    Path vendorDir;

    // --- security
    @Option(
            names = "--auth-token",
            defaultValue = "${env:AUTH_TOKEN}",
            description = "Bearer token required by the MCP endpoints and the admin API (env AUTH_TOKEN).")
    @Nullable
    String authToken;

    @Option(
            names = "--insecure",
            arity = "0..1",
            fallbackValue = "true",
            defaultValue = "${env:INSECURE:-false}",
            description = "Allow a non-loopback --host without --auth-token (env INSECURE).")
    boolean insecure;

    @Option(
            names = "--open-sessions",
            arity = "0..1",
            fallbackValue = "true",
            defaultValue = "${env:OPEN_SESSIONS:-false}",
            description = "Accept any session id a page presents, without a token, as the original did; less safe: "
                    + "whoever guesses an id gets that page's traffic (env OPEN_SESSIONS).")
    boolean openSessions;

    @Option(
            names = "--session-secret",
            defaultValue = "${env:SESSION_SECRET}",
            description = "Secret (32+ bytes) that signs session tokens, so they survive restarts (env SESSION_SECRET, "
                    + "default: random per start).")
    @Nullable
    String sessionSecret;

    @Option(
            names = "--token-lifetime",
            defaultValue = "${env:TOKEN_LIFETIME:-24h}",
            converter = DurationConverter.class,
            description = "How long a page's session token is valid (env TOKEN_LIFETIME, default ${DEFAULT-VALUE}).")
    Duration tokenLifetime;

    @Option(
            names = "--allowed-origins",
            split = ",",
            defaultValue = "${env:ALLOWED_ORIGINS}",
            description = "Browser origins besides the server's own allowed to call MCP and the admin API and to open "
                    + "page WebSockets, comma-separated (env ALLOWED_ORIGINS), e.g. http://localhost:6274.")
    @Nullable
    List<String> allowedOrigins;

    @Option(
            names = "--connections-per-second",
            defaultValue = "${env:CONNECTIONS_PER_SECOND:-" + WebSocketOptions.DEFAULT_CONNECTIONS_PER_SECOND + "}",
            description = "WebSocket handshakes per second per client address; 0 turns the limit off "
                    + "(env CONNECTIONS_PER_SECOND, default ${DEFAULT-VALUE}).")
    int connectionsPerSecond;

    @Option(
            names = "--connection-burst",
            defaultValue = "${env:CONNECTION_BURST:-" + WebSocketOptions.DEFAULT_CONNECTION_BURST + "}",
            description = "WebSocket handshakes one address may make at once (env CONNECTION_BURST, "
                    + "default ${DEFAULT-VALUE}).")
    int connectionBurst;

    @Option(
            names = "--trusted-proxies",
            defaultValue = "${env:TRUSTED_PROXIES}",
            description = "Load balancers (addresses or CIDR blocks, comma-separated) whose Forwarded or "
                    + "X-Forwarded-For header names the client, for the handshake limit and logs "
                    + "(env TRUSTED_PROXIES), e.g. 10.0.0.0/8.")
    @Nullable
    String trustedProxies;

    @Option(
            names = "--max-message-size",
            defaultValue = "${env:MAX_MESSAGE_SIZE:-" + WebSocketOptions.DEFAULT_MAX_TEXT_MESSAGE_SIZE + "}",
            description = "Largest message a page may send, in bytes; larger closes with 1009 (env MAX_MESSAGE_SIZE, "
                    + "default ${DEFAULT-VALUE}).")
    long maxMessageSize;

    @Option(
            names = "--max-connections-per-session",
            defaultValue = "${env:MAX_CONNECTIONS_PER_SESSION:-"
                    + ConnectionManagerOptions.DEFAULT_MAX_CONNECTIONS_PER_SESSION + "}",
            description = "Tabs one session may have open (env MAX_CONNECTIONS_PER_SESSION, default ${DEFAULT-VALUE}).")
    int maxConnectionsPerSession;

    @Option(
            names = "--max-sessions",
            defaultValue = "${env:MAX_SESSIONS:-" + ConnectionManagerOptions.DEFAULT_MAX_SESSIONS + "}",
            description = "Sessions one server holds per app (env MAX_SESSIONS, default ${DEFAULT-VALUE}).")
    int maxSessions;

    // --- reliability
    @Option(
            names = "--ping-interval",
            defaultValue = "${env:PING_INTERVAL:-25s}",
            converter = DurationConverter.class,
            description = "How often the server pings each page; 0 turns pings off (env PING_INTERVAL, "
                    + "default ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(
            names = "--pong-timeout",
            defaultValue = "${env:PONG_TIMEOUT:-20s}",
            converter = DurationConverter.class,
            description = "How long a page may stay silent after a ping before it is dropped (env PONG_TIMEOUT, "
                    + "default ${DEFAULT-VALUE}).")
    Duration pongTimeout;

    @Option(
            names = "--idle-timeout",
            defaultValue = "${env:IDLE_TIMEOUT:-5m}",
            converter = DurationConverter.class,
            description = "How long a page WebSocket may carry no frame at all (env IDLE_TIMEOUT, "
                    + "default ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(
            names = "--resume-window",
            defaultValue = "${env:RESUME_WINDOW:-30s}",
            converter = DurationConverter.class,
            description = "How long a dropped page may reconnect without losing messages; 0 turns resuming off "
                    + "(env RESUME_WINDOW, default ${DEFAULT-VALUE}).")
    Duration resumeWindow;

    @Option(
            names = "--replay-max-messages",
            defaultValue = "${env:REPLAY_MAX_MESSAGES:-" + ConnectionManagerOptions.DEFAULT_REPLAY_MAX_MESSAGES + "}",
            description = "Recent messages each session keeps for a reconnecting page (env REPLAY_MAX_MESSAGES, "
                    + "default ${DEFAULT-VALUE}).")
    int replayMaxMessages;

    @Option(
            names = "--replay-max-bytes",
            defaultValue = "${env:REPLAY_MAX_BYTES:-" + ConnectionManagerOptions.DEFAULT_REPLAY_MAX_BYTES + "}",
            description = "Characters of recent messages each session keeps (env REPLAY_MAX_BYTES, "
                    + "default ${DEFAULT-VALUE}).")
    long replayMaxBytes;

    @Option(
            names = "--max-queued-messages",
            defaultValue = "${env:MAX_QUEUED_MESSAGES:-" + ConnectionManagerOptions.DEFAULT_MAX_QUEUED_MESSAGES + "}",
            description = "Messages that may wait for one slow page before it is closed (env MAX_QUEUED_MESSAGES, "
                    + "default ${DEFAULT-VALUE}).")
    int maxQueuedMessages;

    @Option(
            names = "--max-queued-bytes",
            defaultValue = "${env:MAX_QUEUED_BYTES:-" + ConnectionManagerOptions.DEFAULT_MAX_QUEUED_BYTES + "}",
            description = "Characters that may wait for one slow page before it is closed (env MAX_QUEUED_BYTES, "
                    + "default ${DEFAULT-VALUE}).")
    long maxQueuedBytes;

    // --- MCP
    @Option(
            names = "--max-concurrent-tool-calls",
            defaultValue = "${env:MAX_CONCURRENT_TOOL_CALLS:-" + ServerConfig.DEFAULT_MAX_CONCURRENT_TOOL_CALLS + "}",
            description = "Tool calls running at once before more are refused as busy "
                    + "(env MAX_CONCURRENT_TOOL_CALLS, default ${DEFAULT-VALUE}).")
    int maxConcurrentToolCalls;

    @Option(
            names = "--mcp-keep-alive",
            defaultValue = "${env:MCP_KEEP_ALIVE:-15s}",
            converter = DurationConverter.class,
            description = "Keep-alive pings on MCP streams (env MCP_KEEP_ALIVE, default ${DEFAULT-VALUE}).")
    Duration mcpKeepAlive;

    @Option(
            names = "--shutdown-timeout",
            defaultValue = "${env:SHUTDOWN_TIMEOUT:-10s}",
            converter = DurationConverter.class,
            description = "How long a shutdown (SIGTERM) may take (env SHUTDOWN_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    /** The settings as given, with the apps' settings by name. */
    ServerConfig config(Map<String, String> appSettings) {
        ServerConfigBuilder builder = ServerConfig.builder();
        appSettings.forEach(builder::appSetting);
        return builder.host(host)
                .port(port)
                .publicUrl(publicUrl)
                .vendorDir(vendorDir)
                .allowedOrigins(allowedOrigins == null ? List.of() : allowedOrigins)
                .maxConcurrentToolCalls(maxConcurrentToolCalls)
                .mcpKeepAlive(mcpKeepAlive)
                .openSessions(openSessions)
                .sessionSecret(sessionSecret)
                .tokenLifetime(tokenLifetime)
                .authToken(authToken)
                .insecure(insecure)
                .shutdownTimeout(shutdownTimeout)
                .redisUrl(redisUrl)
                .connections(ConnectionManagerOptions.builder()
                        .maxQueuedMessages(maxQueuedMessages)
                        .maxQueuedBytes(maxQueuedBytes)
                        .maxConnectionsPerSession(maxConnectionsPerSession)
                        .maxSessions(maxSessions)
                        .resumeWindow(resumeWindow)
                        .replayMaxMessages(replayMaxMessages)
                        .replayMaxBytes(replayMaxBytes)
                        .build())
                .webSockets(WebSocketOptions.builder()
                        .idleTimeout(idleTimeout)
                        .maxTextMessageSize(maxMessageSize)
                        .pingInterval(pingInterval)
                        .pongTimeout(pongTimeout)
                        .connectionRate(connectionsPerSecond, connectionBurst)
                        .trustedProxies(
                                trustedProxies == null ? TrustedProxies.none() : TrustedProxies.parse(trustedProxies))
                        .build())
                .build();
    }
}
