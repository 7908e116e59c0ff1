package io.mcpui.bench.jmh;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.InboundMessage;
import io.mcpui.connection.spi.JsonCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The manager's hot paths with in-memory connections whose sends complete at once: the cost of
 * the manager itself, without a network. Run with {@code java -cp ... org.openjdk.jmh.Main
 * ConnectionManagerBenchmark}; see benchmarks/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionManagerBenchmark {

    @Param({"10000"})
    public int broadcastConnections;

    private final Map<String, Object> message = Map.of("type", "strudel-stop", "timestamp", "2026-11-25T12:00:00Z");
    private ConnectionManager manager;
    private ConnectionManager broadcaster;
    private ConnectionManager asker;
    private NoopConnection page;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        manager = ConnectionManager.builder().build();
        page = new NoopConnection(null);
        manager.connect(page, "abc7");

        broadcaster = ConnectionManager.builder().build();
        for (int i = 0; i < broadcastConnections; i++) {
            broadcaster.connect(new NoopConnection(null), i % 2 == 0 ? "s" + i : null);
        }

        // A page that answers every request at once, on the sending thread.
        JsonCodec json = JsonCodec.jackson();
        asker = ConnectionManager.builder().build();
        NoopConnection[] answering = new NoopConnection[1];
        answering[0] = new NoopConnection(text -> asker.receive(
                answering[0],
                "{\"type\":\"button-state-response\",\"request_id\":\""
                        + json.decode(text).get("request_id") + "\"}"));
        asker.connect(answering[0], "ask1");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
        broadcaster.close();
        asker.close();
    }

    /** Registering a connection under a session and forgetting it again. */
    @Benchmark
    public void connectAndDisconnect() {
        NoopConnection connection = new NoopConnection(null);
        manager.connect(connection, "c" + (counter++ & 1023));
        manager.disconnect(connection, 1000);
    }

    /** One message to a session with one connection: encode with seq, keep, queue, send. */
    @Benchmark
    public int sendToSession() {
        return manager.sendToSession("abc7", message);
    }

    /** One broadcast to 10,000 connections: encode once, queue to each. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int broadcastToTenThousand() {
        return broadcaster.broadcast(message);
    }

    /** A request and its reply: register, send, correlate the reply, complete, forget. */
    @Benchmark
    public InboundMessage requestAndReply() {
        CompletableFuture<InboundMessage> reply = asker.request("ask1", message, Duration.ofSeconds(10));
        return reply.getNow(null);
    }
}
