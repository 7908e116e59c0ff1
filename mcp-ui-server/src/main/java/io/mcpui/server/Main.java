package io.mcpui.server;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.AppSetting;
import io.mcpui.server.app.McpUiApp;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of the unified server. Every option is also read from the environment
 * variable of the same name in upper snake case ({@code --port} and {@code PORT}); a flag wins
 * over the variable. Durations read as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}. The
 * server's own options are in {@link ServerOptions}; each app found on the class path adds the
 * settings it declares ({@link McpUiApp#settings()}).
 */
@Command(
        name = "mcp-ui-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Serves the MCP UI apps (button state, Strudel): pages, WebSockets, MCP endpoints, admin API.")
public final class Main implements Callable<Integer> {

    @Mixin
    @SuppressWarnings("NullAway.Init") // picocli sets it when it parses the command line
    ServerOptions options;

    private final List<McpUiApp> apps;
    private final Map<AppSetting, OptionSpec> appOptions = new LinkedHashMap<>();

    private Main(List<McpUiApp> apps) {
        this.apps = apps;
    }

    /** Runs the server until the process is stopped; exits 2 on a bad option. */
    public static void main(String[] args) {
        System.exit(commandLine(UnifiedServer.discoverApps()).execute(args));
    }

    /** The command line for a server with {@code apps}, their settings among the options. */
    static CommandLine commandLine(List<McpUiApp> apps) {
        Main main = new Main(apps);
        CommandLine commandLine = new CommandLine(main);
        CommandSpec spec = commandLine.getCommandSpec();
        for (McpUiApp app : apps) {
            for (AppSetting setting : app.settings()) {
                if (spec.findOption(setting.flag()) != null) {
                    throw new IllegalStateException("App " + app.info().mcpName() + " declares the setting "
                            + setting.name() + ", which another app or the server has already");
                }
                OptionSpec option = OptionSpec.builder(setting.flag())
                        .paramLabel("<" + setting.name() + ">")
                        .type(String.class)
                        .defaultValue("${env:" + setting.environmentVariable() + ":-"
                                + setting.defaultValue().replace("${", "$${") + "}")
                        .description(setting.description() + " (" + app.info().mcpName() + "; env "
                                + setting.environmentVariable() + ", default ${DEFAULT-VALUE}).")
                        .build();
                spec.addOption(option);
                main.appOptions.put(setting, option);
            }
        }
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = options.config(appSettings());
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid setting: " + e.getMessage() + " (see --help)");
            return CommandLine.ExitCode.USAGE;
        }
        UnifiedServer server = new UnifiedServer(config, apps).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(server, config.shutdownTimeout()), "shutdown"));
        printEndpoints(server, config, System.out);
        server.join();
        return CommandLine.ExitCode.OK;
    }

    /** The apps' settings as given (or defaulted), by name. */
    private Map<String, String> appSettings() {
        Map<String, String> values = new LinkedHashMap<>();
        appOptions.forEach((setting, option) -> {
            String value = option.getValue();
            values.put(setting.name(), value != null ? value : setting.defaultValue());
        });
        return values;
    }

    /** Closes the server, giving up (and halting) if it takes longer than {@code timeout}. */
    private static void shutDown(UnifiedServer server, Duration timeout) {
        Thread closing = new Thread(
                () -> {
                    try {
                        server.close();
                    } catch (Exception e) {
                        System.err.println("Shutdown failed: " + e);
                    }
                },
                "closing");
        closing.start();
        try {
            closing.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            System.err.println("Shutdown took longer than " + timeout + "; stopping now");
            Runtime.getRuntime().halt(1);
        }
    }

    private static void printEndpoints(UnifiedServer server, ServerConfig config, PrintStream out) {
        URI base = server.baseUri();
        out.println("MCP UI server listening on " + base);
        for (AppInfo app : server.apps()) {
            out.println("  page " + app.pagePath() + ": " + base + app.pagePath());
            out.println("  MCP " + app.mcpName() + " (Streamable HTTP): " + base + app.streamableHttpPath());
            out.println("  MCP " + app.mcpName() + " (legacy SSE):      " + base + app.ssePath());
        }
        out.println("  sessions: "
                + (config.openSessions()
                        ? "open (any id a page presents is accepted; less safe)"
                        : "signed tokens required")
                + "; MCP and admin API: "
                + (config.authToken() == null ? "no auth token" : "bearer token required"));
        out.println("  index: " + base + "/   health: " + base + "/health   metrics: " + base + "/metrics");
        out.flush();
    }
}
