package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Scheduler} on the system clocks and one daemon thread. A task that throws is
 * logged; tasks scheduled after {@link #close()} are dropped. Thread-safe.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    public SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "connection-manager-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        // Request timeouts are mostly cancelled by replies; drop them from the queue at once.
        executor.setRemoveOnCancelPolicy(true);
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
        try {
            var future = executor.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closed) {
            log.debug("Dropped task {}: the scheduler is closed", task);
            return () -> {};
        }
    }

    // The executor would keep a task's exception in its future, where nobody looks.
    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("Scheduled task {} failed", task, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
