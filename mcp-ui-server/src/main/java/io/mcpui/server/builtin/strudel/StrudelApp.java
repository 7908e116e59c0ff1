package io.mcpui.server.builtin.strudel;

import io.mcpui.connection.InboundMessage;
import io.mcpui.server.app.AppContext;
import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.AppSetting;
import io.mcpui.server.app.McpUiApp;
import io.mcpui.server.app.PromptSpec;
import io.mcpui.server.app.ToolCall;
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
 * The Strudel app: a page with the Strudel live-coding editor. The assistant plays patterns and
 * hears at once whether they evaluated (with the error's line and column, and sounds that are not
 * loaded), edits the playing code without resending it, goes back through the session's history,
 * sets the tempo, and stops. The page protocol is {@link StrudelPage}'s; the history is a session
 * value ({@link PatternHistory}), the same on every node and across reloads of the page.
 */
public final class StrudelApp implements McpUiApp {

    private static final Logger log = LoggerFactory.getLogger(StrudelApp.class);

    /** The editor's script by default: the {@code @strudel/repl} web component, version pinned. */
    public static final String DEFAULT_REPL_URL = "https://unpkg.com/@strudel/repl@1.3.0/dist/index.js";

    /** The largest pattern accepted: 64 KiB of UTF-8. */
    public static final int MAX_CODE_BYTES = 64 * 1024;

    /** The quick reference as an MCP resource. */
    public static final String QUICK_REFERENCE_URI = "strudel://quick-reference";

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

    @SuppressWarnings("NullAway.Init") // set by install()
    private volatile StrudelPage page;

    @SuppressWarnings("NullAway.Init") // set by install()
    private volatile PatternHistory history;

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
        this.page = new StrudelPage(context);
        this.history = new PatternHistory(context.manager(), JSON);
        String replUrl = context.setting(REPL_URL.name());
        context.pageConfig("strudelReplUrl", replUrl);
        // In the chat, the view loads the editor (and its chunks) from where the setting says and
        // the default sample banks from GitHub.
        URI editor = context.pageUrl().resolve(replUrl);
        String editorOrigin = editor.getScheme() + "://" + editor.getRawAuthority();
        context.viewLoadsFrom(editorOrigin, SAMPLES_ORIGIN);
        context.viewConnectsTo(editorOrigin, SAMPLES_ORIGIN);
        context.manager().onMessage("evaluation-error", this::onEvaluationError);
        context.manager().onMessage("strudel-played", this::onPlayedOnThePage);
        context.manager().onMessage("get-strudel-history", message -> {
            if (message.sessionId() != null) {
                history.show(message.sessionId(), history.list(message.sessionId()));
            }
        });
        StrudelTools tools = new StrudelTools(context, page, history);
        tools.addPlayingTools();
        tools.addHistoryTools();
        tools.addTempoTools();
        context.addTool(
                ToolSpec.builder("get_mcp_status")
                        .description("Tells whether the page with the given session id is connected, how many tabs it "
                                + "has open, and the last evaluation error it reported (reported once).")
                        .sessionIdParameter()
                        .build(),
                this::status);
        context.addTool(
                ToolSpec.builder("get_strudel_quick_reference")
                        .description("Returns a short reference of Strudel's pattern syntax and functions, with "
                                + "examples that play on the page (also the resource " + QUICK_REFERENCE_URI + ").")
                        .build(),
                call -> CompletableFuture.completedFuture(ToolResult.text(quickReference)));
        context.addResource(
                QUICK_REFERENCE_URI,
                "Strudel quick reference",
                "Strudel's pattern syntax and functions, with examples that play on the page",
                "text/markdown",
                quickReference);
        context.addPrompt(
                PromptSpec.of(
                        "compose",
                        "Compose music with Strudel on a page: a beat or a piece in the style you name",
                        new PromptSpec.Argument("style", "The style, e.g. 'minimal techno' or 'lo-fi hip hop'", true),
                        new PromptSpec.Argument(
                                "session_id",
                                "The session id the Strudel page shows; leave it out in a chat that shows the page",
                                false)),
                arguments -> StrudelAnswers.composePrompt(arguments.get("style"), arguments.get("session_id")));
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

    /** A pattern the page played on its own (its buttons, or its user): it joins the history. */
    private void onPlayedOnThePage(InboundMessage message) {
        String sessionId = message.sessionId();
        String code = message.string("code");
        if (sessionId != null && code != null && !code.isEmpty()) {
            history.show(sessionId, history.add(sessionId, new PatternHistory.Entry(code, null, now())));
        }
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
