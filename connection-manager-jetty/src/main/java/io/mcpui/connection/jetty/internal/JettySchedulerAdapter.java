package io.mcpui.connection.jetty.internal;

import io.mcpui.connection.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The library's {@link Scheduler} on Jetty's own scheduler and the system clocks. */
public final class JettySchedulerAdapter implements Scheduler {

    private final org.eclipse.jetty.util.thread.Scheduler jetty;

    public JettySchedulerAdapter(org.eclipse.jetty.util.thread.Scheduler jetty) {
        this.jetty = jetty;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        org.eclipse.jetty.util.thread.Scheduler.Task scheduled =
                jetty.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return scheduled::cancel;
    }
}
