package io.mcpui.connection;

import io.mcpui.connection.internal.DefaultConnectionManager;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.JsonCodec;
import io.mcpui.connection.spi.Scheduler;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Assembles a {@link ConnectionManager} from its options and pluggable parts. Not thread-safe;
 * build once and share the manager.
 */
public final class ConnectionManagerBuilder {

    private ConnectionManagerOptions options = ConnectionManagerOptions.defaults();
    private @Nullable Backplane backplane;
    private @Nullable JsonCodec codec;
    private @Nullable Scheduler scheduler;
    private @Nullable SessionIdGenerator sessionIdGenerator;

    ConnectionManagerBuilder() {}

    /** Limits and policies; default {@link ConnectionManagerOptions#defaults()}. */
    public ConnectionManagerBuilder options(ConnectionManagerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * How to reach other nodes; default {@link Backplane#inProcess()}. The manager starts it and
     * closes it when the manager closes.
     */
    public ConnectionManagerBuilder backplane(Backplane backplane) {
        this.backplane = Objects.requireNonNull(backplane, "backplane");
        return this;
    }

    /** The JSON codec; default {@link JsonCodec#jackson()}. */
    public ConnectionManagerBuilder codec(JsonCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * The source of time; default {@link Scheduler#system()}, which the manager then closes with
     * itself. A scheduler given here stays open.
     */
    public ConnectionManagerBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Proposes session ids; default {@link SessionIdGenerator#seedFormat()}. */
    public ConnectionManagerBuilder sessionIdGenerator(SessionIdGenerator generator) {
        this.sessionIdGenerator = Objects.requireNonNull(generator, "generator");
        return this;
    }

    /** Builds and starts the manager (it starts its backplane). */
    public ConnectionManager build() {
        return new DefaultConnectionManager(
                options,
                backplane != null ? backplane : Backplane.inProcess(),
                codec != null ? codec : JsonCodec.jackson(),
                scheduler,
                sessionIdGenerator != null ? sessionIdGenerator : SessionIdGenerator.seedFormat());
    }
}
