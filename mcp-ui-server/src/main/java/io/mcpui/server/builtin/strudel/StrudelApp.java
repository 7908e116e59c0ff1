package io.mcpui.server.builtin.strudel;

import io.mcpui.connection.InboundMessage;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.AppSetting;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.app.ToolCall;
import io.mcpui.server.app.ToolException;
import io.mcpui.server.app.ToolResult;
import io.mcpui.server.app.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Strudel app: a page with the Strudel live-coding editor; the assistant plays patterns on it,
 * stops them, reads the code that plays, and hears about evaluation errors.
 */
public final class StrudelApp implements McpUiApp {

    private static final Logger log = LoggerFactory.getLogger(StrudelApp.class);

    /** The editor's script by default: the {@code @strudel/repl} web component, version pinned. */
    public static final String DEFAULT_REPL_URL = "https://unpkg.com/@strudel/repl@1.3.0/dist/index.js";

    /** The largest pattern {@code play_code} accepts: 64 KiB of UTF-8. */
    public static final int MAX_CODE_BYTES = 64 * 1024;

    /** How long {@code get_currently_playing_code} waits for the page: 5 seconds. */
    public static final Duration CURRENT_CODE_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_ERROR_CHARS = 2_000;

    /** Where the editor fetches its default sample banks from. */
    private static final String SAMPLES_ORIGIN = "https://raw.githubusercontent.com";

    /** Errors not asked for within this time are forgotten: the page has moved on. */
    private static final Duration ERROR_KEPT_FOR = Duration.ofMinutes(10);

    /** The session value that holds a session's last evaluation error, as JSON. */
    private static final String LAST_ERROR = "strudel.last-error";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final AppInfo INFO =
            new AppInfo("strudel", "mcp-strudel", "Strudel: live-code music in a page", "pages/strudel.html");

    /** Server to page: put this code in the editor, and play it if {@code autoplay}. */
    record StrudelCode(String type, String code, boolean autoplay, Map<String, Object> metadata, String timestamp) {}

    /** Server to page: stop playing; also the shape of the code request. */
    record Command(String type, String timestamp) {}

    /** The last evaluation error a session reported, kept until the next status call. */
    record EvaluationError(String error, @Nullable String code, String reportedAt) {

        boolean olderThan(Duration age, Instant now) {
            return Instant.parse(reportedAt).isBefore(now.minus(age));
        }
    }

    /** Where pages load the editor's script from: a CDN, or this server's {@code /vendor/}. */
    public static final AppSetting REPL_URL =
            new AppSetting("strudel-repl-url", "Script of the Strudel editor the page loads", DEFAULT_REPL_URL);

    private final String quickReference = readResource("strudel-quick-reference.md");

    @SuppressWarnings("NullAway.Init") // set by install(), before any tool or handler runs
    private volatile AppContext context;

    @Override
    public AppInfo info() {
        return INFO;
    }

    @Override
    public List<AppSetting> settings() {
        return List.of(REPL_URL);
    }

    @Override
    public void install(AppContext context) {
        this.context = context;
        String replUrl = context.setting(REPL_URL.name());
        context.pageConfig("strudelReplUrl", replUrl);
        // In the chat, the view loads the editor (and its chunks) from where the setting says and
        // the default sample banks from GitHub.
        URI editor = context.pageUrl().resolve(replUrl);
        String editorOrigin = editor.getScheme() + "://" + editor.getRawAuthority();
        context.viewLoadsFrom(editorOrigin, SAMPLES_ORIGIN);
        context.viewConnectsTo(editorOrigin, SAMPLES_ORIGIN);
        context.manager().onMessage("evaluation-error", this::onEvaluationError);
        context.addTool(
                ToolSpec.builder("play_code")
                        .description("Puts Strudel code into the editor of the page with the given session id and "
                                + "plays it. Call get_strudel_quick_reference first if unsure of the syntax, and "
                                + "get_mcp_status afterwards to hear whether it evaluated without errors.")
                        .sessionIdParameter()
                        .requiredString("code", "The Strudel pattern, e.g. s(\"bd sd [~ bd] sd\").fast(2)")
                        .optionalString("description", "A few words on what the pattern is, shown on the page")
                        .showsView()
                        .build(),
                this::playCode);
        context.addTool(
                ToolSpec.builder("stop_play")
                        .description("Stops the music on the page with the given session id.")
                        .sessionIdParameter()
                        .build(),
                this::stopPlay);
        context.addTool(
                ToolSpec.builder("get_mcp_status")
                        .description("Tells whether the page with the given session id is connected, how many tabs it "
                                + "has open, and the last evaluation error it reported (reported once).")
                        .sessionIdParameter()
                        .build(),
                this::status);
        context.addTool(
                ToolSpec.builder("get_currently_playing_code")
                        .description("Reads the code currently in the Strudel editor of the page with the given "
                                + "session id.")
                        .sessionIdParameter()
                        .build(),
                this::currentCode);
        context.addTool(
                ToolSpec.builder("get_strudel_quick_reference")
                        .description("Returns a short reference of Strudel's pattern syntax and functions, with "
                                + "examples that play on the page.")
                        .build(),
                call -> CompletableFuture.completedFuture(ToolResult.text(quickReference)));
    }

    private CompletionStage<ToolResult> playCode(ToolCall call) {
        String sessionId = call.sessionId();
        String code = call.requireString("code");
        int bytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CODE_BYTES) {
            throw new ToolException("The code is " + bytes + " bytes long; the limit is " + MAX_CODE_BYTES
                    + " bytes (64 KiB). Send a shorter pattern.");
        }
        String description = call.optionalString("description");
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (description != null && !description.isEmpty()) {
            metadata.put("description", description);
        }
        int tabs = context.manager()
                .sendToSession(sessionId, new StrudelCode("strudel-code", code, true, metadata, now()));
        return CompletableFuture.completedFuture(ToolResult.text("Sent the code to " + tabs + " tab(s) of session "
                + sessionId + "; it plays there now. Call get_mcp_status to hear whether it evaluated without "
                + "errors."));
    }

    private CompletionStage<ToolResult> stopPlay(ToolCall call) {
        String sessionId = call.sessionId();
        int tabs = context.manager().sendToSession(sessionId, new Command("strudel-stop", now()));
        return CompletableFuture.completedFuture(
                ToolResult.text("Stopped the music in " + tabs + " tab(s) of session " + sessionId + "."));
    }

    private CompletionStage<ToolResult> status(ToolCall call) {
        String sessionId = call.sessionId();
        Integer tabs = context.manager().getSessions().get(sessionId);
        // A session value: the page may have reported it to another node of the cluster.
        EvaluationError error = context.manager()
                .removeSessionValue(sessionId, LAST_ERROR)
                .map(text -> JSON.readValue(text, EvaluationError.class))
                .filter(reported ->
                        !reported.olderThan(ERROR_KEPT_FOR, context.clock().instant()))
                .orElse(null);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("session_id", sessionId);
        status.put("connected", tabs != null);
        status.put("tabs", tabs == null ? 0 : tabs);
        status.put("last_evaluation_error", error);
        if (tabs == null) {
            status.put(
                    "hint",
                    "No page with this session id is connected: open " + context.pageUrl()
                            + " and tell me the session id it shows.");
        }
        return CompletableFuture.completedFuture(ToolResult.data(status));
    }

    private CompletionStage<ToolResult> currentCode(ToolCall call) {
        String sessionId = call.sessionId();
        return context.request(call, new Command("get-current-code", now()), CURRENT_CODE_TIMEOUT)
                .thenApply(reply -> {
                    String code = reply.string("code");
                    return ToolResult.text(code == null || code.isEmpty() ? "(the editor is empty)" : code);
                });
    }

    private void onEvaluationError(InboundMessage message) {
        String sessionId = message.sessionId();
        if (sessionId == null) {
            return;
        }
        String error = Objects.requireNonNullElse(message.string("error"), "unknown error");
        error = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "…" : error;
        String code = message.string("code");
        if (code != null && code.length() > MAX_ERROR_CHARS) {
            code = code.substring(0, MAX_ERROR_CHARS) + "…";
        }
        context.manager()
                .putSessionValue(
                        sessionId, LAST_ERROR, JSON.writeValueAsString(new EvaluationError(error, code, now())));
        // The first line only: the page's code stays out of the logs.
        log.info(
                "Strudel evaluation error in session {}: {}",
                sessionId,
                error.lines().findFirst().orElse(""));
    }

    private String now() {
        return context.clock().instant().toString();
    }

    private static String readResource(String name) {
        try (InputStream in = StrudelApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name + " next to " + StrudelApp.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
