package io.mcpui.server.admin;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /admin/events}: the {@link OperatorView} as server-sent events, one {@code data:}
 * line of JSON at once and then every {@link #EVERY}, until the client goes away or the server
 * stops. Each client gets its own timer on two shared threads; a client that stops reading
 * blocks only its own writes once its buffers fill, and then its timer's thread (the page is for
 * a few operators, not for the public). Thread-safe.
 */
public final class AdminEventsServlet extends HttpServlet implements AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminEventsServlet.class);

    /** How often the view is sent. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    private final transient OperatorView view;
    private final transient JsonMapper json;
    private final transient ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "admin-events");
        thread.setDaemon(true);
        return thread;
    });
    private final transient Set<AsyncContext> clients = ConcurrentHashMap.newKeySet();

    public AdminEventsServlet(OperatorView view, JsonMapper json) {
        this.view = view;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        clients.add(async);
        Stream stream = new Stream(async, response.getOutputStream());
        stream.timer = ticker.scheduleAtFixedRate(stream, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One client's stream: a snapshot per tick until a write fails. */
    private final class Stream implements Runnable {

        private final AsyncContext async;
        private final ServletOutputStream out;
        private volatile @Nullable ScheduledFuture<?> timer;
        private volatile boolean ended;

        Stream(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        @Override
        public void run() {
            if (!ended) {
                try {
                    out.write(("data: " + json.writeValueAsString(view.snapshot()) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                } catch (IOException | RuntimeException e) {
                    log.debug("Admin events client went away: {}", e.toString());
                    ended = true;
                    end(async);
                }
            }
            ScheduledFuture<?> scheduled = timer; // null only if the first run failed: the next one stops
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** Ends every stream: the server stops. */
    @Override
    public void close() {
        ticker.shutdownNow();
        clients.forEach(this::end);
    }

    private void end(AsyncContext async) {
        if (clients.remove(async)) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // completed already
            }
        }
    }
}
