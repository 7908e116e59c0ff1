package io.mcpui.server;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names the server answers to once it listens: its public URL, the {@code Host} values and
 * the browser origins it accepts. Immutable.
 */
final class ServerNames {

    private final ServerConfig config;
    private final int port;

    ServerNames(ServerConfig config, int port) {
        this.config = config;
        this.port = port;
    }

    /** How the server is reached: the configured public URL, or {@code http://<host>:<port>}. */
    URI baseUri() {
        if (config.publicUrl() != null) {
            return config.publicUrl();
        }
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /** Browser origins allowed to call MCP and the admin API and to open page WebSockets. */
    Set<String> allowedOrigins() {
        Set<String> origins = new LinkedHashSet<>(config.allowedOrigins());
        URI base = baseUri();
        origins.add(base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort()));
        origins.add("http://127.0.0.1:" + port);
        origins.add("http://localhost:" + port);
        return origins;
    }

    /** {@code Host} header values the server answers to, lowercase. */
    Set<String> allowedHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        URI base = baseUri();
        hosts.add(
                (base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort()).toLowerCase(Locale.ROOT));
        hosts.add("127.0.0.1:" + port);
        hosts.add("localhost:" + port);
        return hosts;
    }
}
