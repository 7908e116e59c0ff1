package io.mcpui.bench.server;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Starts one variant on 127.0.0.1: {@code --variant ours|bare|original --port N [--redis-url U]
 * [--send-buffer BYTES] [--resume-window-seconds S]}.
 * Prints {@code ready <port>} when it listens.
 */
public final class BenchServer {

    private BenchServer() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String name = options.getOrDefault("variant", "ours");
        Variant variant = switch (name) {
            case "ours" ->
                new OursVariant(
                        options.get("redis-url"),
                        Duration.ofSeconds(Long.parseLong(options.getOrDefault("resume-window-seconds", "30"))));
            case "bare" -> new BareJettyVariant();
            case "original" -> new OriginalVariant();
            default -> throw new IllegalArgumentException("--variant must be ours, bare or original, was " + name);
        };

        Server server = new Server(new QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(options.getOrDefault("port", "0")));
        if (options.containsKey("send-buffer")) {
            // Small socket buffers make a peer that stops reading push back after kilobytes.
            connector.setAcceptedSendBufferSize(Integer.parseInt(options.get("send-buffer")));
        }
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(
                server, context, container -> container.addMapping("/ws", variant.creator()));
        webSockets.setHandler(new StatsHandler(variant));
        context.setHandler(webSockets);
        server.setHandler(context);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            variant.close();
            try {
                server.stop();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        System.out.println("ready " + connector.getLocalPort() + " " + name);
        server.join();
    }

    /** {@code GET /stats}: connections, and the heap used after a full GC. */
    private static final class StatsHandler extends Handler.Abstract {
        private final Variant variant;

        StatsHandler(Variant variant) {
            this.variant = variant;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"/stats".equals(Request.getPathInContext(request))) {
                return false;
            }
            System.gc();
            System.gc();
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("connections", variant.connections());
            stats.put(
                    "heapUsedAfterGc",
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(Control.encode(stats).getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
