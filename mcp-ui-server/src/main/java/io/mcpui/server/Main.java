package io.mcpui.server;

import io.mcpui.server.apps.strudel.StrudelApp;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the unified server. Every option is also read from the environment
 * variable of the same name in upper snake case ({@code --port} and {@code PORT}); a flag wins
 * over the variable.
 */
@Command(
        name = "mcp-ui-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Serves the MCP UI apps (button state, Strudel): pages, WebSockets, MCP endpoints, admin API.")
public final class Main implements Callable<Integer> {

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
            description = "How users reach the server, for links and messages (env PUBLIC_URL, "
                    + "default http://<host>:<port>).")
    @Nullable
    URI publicUrl;

    @Option(
            names = "--strudel-repl-url",
            defaultValue = "${env:STRUDEL_REPL_URL:-" + StrudelApp.DEFAULT_REPL_URL + "}",
            description = "Script of the Strudel editor (env STRUDEL_REPL_URL, default ${DEFAULT-VALUE}).")
    String strudelReplUrl;

    @Option(
            names = "--vendor-dir",
            defaultValue = "${env:VENDOR_DIR}",
            description = "Directory served at /vendor/, to host the editor yourself (env VENDOR_DIR).")
    @Nullable
    Path vendorDir;

    @Option(
            names = "--allowed-origins",
            split = ",",
            defaultValue = "${env:ALLOWED_ORIGINS}",
            description = "Extra browser origins allowed to call MCP, comma-separated (env ALLOWED_ORIGINS), "
                    + "e.g. http://localhost:6274 for the MCP Inspector.")
    @Nullable
    List<String> allowedOrigins;

    @Option(
            names = "--max-concurrent-tool-calls",
            defaultValue = "${env:MAX_CONCURRENT_TOOL_CALLS:-" + ServerConfig.DEFAULT_MAX_CONCURRENT_TOOL_CALLS + "}",
            description = "Tool calls running at once before more are refused as busy "
                    + "(env MAX_CONCURRENT_TOOL_CALLS, default ${DEFAULT-VALUE}).")
    int maxConcurrentToolCalls;

    @Option(
            names = "--mcp-keep-alive-seconds",
            defaultValue = "${env:MCP_KEEP_ALIVE_SECONDS:-15}",
            description = "Seconds between keep-alive pings on MCP streams (env MCP_KEEP_ALIVE_SECONDS, "
                    + "default ${DEFAULT-VALUE}).")
    long mcpKeepAliveSeconds;

    /** Runs the server until the process is stopped; exits 2 on a bad option. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid setting: " + e.getMessage() + " (see --help)");
            return CommandLine.ExitCode.USAGE;
        }
        UnifiedServer server = new UnifiedServer(config).start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } catch (Exception e) {
                                System.err.println("Shutdown failed: " + e);
                            }
                        },
                        "shutdown"));
        printEndpoints(server, System.out);
        server.join();
        return CommandLine.ExitCode.OK;
    }

    private ServerConfig config() {
        return ServerConfig.builder()
                .host(host)
                .port(port)
                .publicUrl(publicUrl)
                .strudelReplUrl(strudelReplUrl)
                .vendorDir(vendorDir)
                .allowedOrigins(allowedOrigins == null ? List.of() : allowedOrigins)
                .maxConcurrentToolCalls(maxConcurrentToolCalls)
                .mcpKeepAlive(Duration.ofSeconds(mcpKeepAliveSeconds))
                .build();
    }

    private static void printEndpoints(UnifiedServer server, PrintStream out) {
        URI base = server.baseUri();
        out.println("MCP UI server listening on " + base);
        for (String path : server.appPaths()) {
            out.println("  page /" + path + ": " + base + "/" + path);
        }
        server.mcpNames().forEach(name -> {
            out.println("  MCP " + name + " (Streamable HTTP): " + base + "/" + name + "/mcp");
            out.println("  MCP " + name + " (legacy SSE):      " + base + "/" + name + "/sse");
        });
        out.println("  index: " + base + "/   health: " + base + "/health   metrics: " + base + "/metrics");
        out.flush();
    }
}
