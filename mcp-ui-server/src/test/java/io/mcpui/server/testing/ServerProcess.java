package io.mcpui.server.testing;

import io.mcpui.server.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's command line ({@link Main}) in a real process, on this test's class path.
 *
 * @param process the running server
 * @param output what it printed until it was ready
 */
public record ServerProcess(Process process, List<String> output) implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    /** The command with {@code env} on top of this environment, without its PORT and HOST. */
    public static ProcessBuilder command(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PORT");
        builder.environment().remove("HOST");
        builder.environment().putAll(env);
        return builder;
    }

    /** Starts the server and reads its output until it printed the metrics line (ready). */
    public static ServerProcess start(Map<String, String> env, String... args) throws IOException {
        Process process = command(env, args).start();
        List<String> output = new ArrayList<>();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            output.add(line);
            if (line.contains("metrics: ")) {
                break;
            }
        }
        return new ServerProcess(process, output);
    }

    /** A TCP port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server (SIGTERM), killing it if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
