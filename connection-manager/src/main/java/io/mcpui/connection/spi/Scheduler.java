package io.mcpui.connection.spi;

import io.mcpui.connection.internal.SystemScheduler;
import java.time.Duration;

/**
 * The source of time: timeouts, expiries and pings are measured and scheduled through it, and
 * the wall-clock time of what other nodes must read (history timestamps) comes from it, so tests
 * can move time by hand instead of waiting. Implementations must be thread-safe.
 */
public interface Scheduler {

    /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** The wall clock in milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long currentTimeMillis();

    /**
     * Runs {@code task} once after {@code delay}, on a thread of the scheduler's choosing. The
     * task must be short and must not block.
     */
    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not started; does nothing otherwise. */
        void cancel();
    }

    /**
     * The system clock and one daemon thread. A manager that creates it closes it when the
     * manager closes.
     */
    static Scheduler system() {
        return new SystemScheduler();
    }
}
