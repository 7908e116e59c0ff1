package io.mcpui.server;

import java.util.concurrent.Callable;
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
        description = "Serves the MCP UI apps (button-state, Strudel): pages, WebSockets, MCP endpoints.")
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        UnifiedServer server = new UnifiedServer(new ServerConfig(host, port)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Shutdown failed: " + e);
            }
        }));
        System.out.println("MCP UI server listening on " + server.baseUri());
        System.out.println("  health: " + server.baseUri().resolve("/health"));
        server.join();
        return 0;
    }
}
