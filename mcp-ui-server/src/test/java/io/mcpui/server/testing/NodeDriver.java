package io.mcpui.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Node side of the tests ({@code browser-driver.mjs}), one JSON command per line: headless
 * Chromium (Debian's) through playwright-core, started with the first page, and the official MCP
 * TypeScript client ({@link TsMcpClient}). Every request a page makes to a host other than
 * 127.0.0.1 or localhost is aborted and recorded ({@link #blockedRequests()}).
 */
public final class NodeDriver implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final JsonMapper json = JsonMapper.builder().build();
    private final Process node;
    private final Writer commands;
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();

    private NodeDriver(Path driverDir) throws IOException {
        Path driver = driverDir.resolve("browser-driver.mjs");
        if (!Files.isRegularFile(driver) || !Files.isDirectory(driverDir.resolve("node_modules"))) {
            throw new IllegalStateException("The browser driver is not installed in " + driverDir
                    + ": run the tests through Maven (mvn verify), which runs npm ci there");
        }
        node = new ProcessBuilder("node", driver.toString())
                .directory(driverDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "browser-driver-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the driver; waits until it is ready. */
    public static NodeDriver start() throws Exception {
        NodeDriver browser = new NodeDriver(Path.of(System.getProperty("node.dir", "target/node")));
        try {
            browser.ready.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    /** Opens a page and waits for its load event; returns the page's handle. */
    public int open(String url) throws Exception {
        return call(Map.of("cmd", "open", "url", url)).intValue();
    }

    /** Evaluates a JavaScript expression in the page; promises are awaited. */
    public JsonNode eval(int page, String js) throws Exception {
        return call(Map.of("cmd", "eval", "page", page, "js", js));
    }

    /** Evaluates a JavaScript expression in the view a chat host page shows (its innermost frame). */
    public JsonNode evalInView(int page, String js) throws Exception {
        return call(Map.of("cmd", "evalInView", "page", page, "js", js));
    }

    /**
     * Starts a chat host for in-chat views ({@code test-host.mjs}): answers the origins of its host
     * page ({@code host}) and of its sandbox ({@code sandbox}).
     */
    public JsonNode startChatHost() throws Exception {
        return call(Map.of("cmd", "startChatHost"));
    }

    /** The value of a string expression. */
    public String text(int page, String js) throws Exception {
        return eval(page, js).asString();
    }

    /** Waits until the expression is truthy in the page. */
    public void waitFor(int page, String js, Duration timeout) throws Exception {
        call(Map.of("cmd", "waitFor", "page", page, "js", js, "timeoutMs", timeout.toMillis()));
    }

    public void click(int page, String selector) throws Exception {
        call(Map.of("cmd", "click", "page", page, "selector", selector));
    }

    /** Saves a full-page screenshot (PNG). */
    public void screenshot(int page, Path file) throws Exception {
        call(Map.of(
                "cmd", "screenshot", "page", page, "file", file.toAbsolutePath().toString()));
    }

    /** Reloads the page, as the person's F5 does, and waits until it has loaded again. */
    public void reload(int page) throws Exception {
        call(Map.of("cmd", "reload", "page", page));
    }

    public void closePage(int page) throws Exception {
        call(Map.of("cmd", "closePage", "page", page));
    }

    /** Every URL the pages tried to load from a host other than this machine (all aborted). */
    public List<String> blockedRequests() throws Exception {
        return json.convertValue(call(Map.of("cmd", "blocked")), List.class);
    }

    @Override
    public void close() {
        try {
            call(Map.of("cmd", "quit"));
        } catch (Exception e) {
            // the driver is gone already
        }
        try {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one driver command ({@code cmd} and its arguments) and returns its value. */
    public JsonNode call(Map<String, Object> command) throws Exception {
        int id = ids.incrementAndGet();
        Map<String, Object> withId = new LinkedHashMap<>(command);
        withId.put("id", id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        synchronized (commands) {
            commands.write(json.writeValueAsString(withId) + "\n");
            commands.flush();
        }
        return answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void readAnswers() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("{")) {
                    continue; // not an answer (a stray log line)
                }
                JsonNode answer = json.readTree(line);
                int id = answer.get("id").asInt();
                CompletableFuture<JsonNode> target = id == 0 ? ready : waiting.remove(id);
                if (target == null) {
                    continue;
                }
                if (answer.get("ok").asBoolean()) {
                    target.complete(answer.get("value"));
                } else {
                    target.completeExceptionally(new IllegalStateException(
                            "NodeDriver: " + answer.get("error").asString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        IllegalStateException gone = new IllegalStateException("The Node driver exited");
        ready.completeExceptionally(gone);
        waiting.values().forEach(future -> future.completeExceptionally(gone));
    }
}
