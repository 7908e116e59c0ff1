package io.mcpui.connection.testkit;

import io.mcpui.connection.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance(Duration)}. Its
 * wall clock starts at 2026-01-01T00:00:00Z and moves with it.
 */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private long now;
    private long order;

    private static final class Task {
        final long due;
        final long order;
        final Runnable runnable;
        volatile boolean cancelled;

        Task(long due, long order, Runnable runnable) {
            this.due = due;
            this.order = order;
            this.runnable = runnable;
        }
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized long currentTimeMillis() {
        return EPOCH_MILLIS + now / 1_000_000;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task scheduled = new Task(now + delay.toNanos(), order++, task);
        tasks.add(scheduled);
        return () -> scheduled.cancelled = true;
    }

    /** Moves time forward, running every task that falls due, in order, on this thread. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            if (!next.cancelled) {
                next.runnable.run();
            }
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pendingTasks() {
        List<Task> live = new ArrayList<>();
        for (Task task : tasks) {
            if (!task.cancelled) {
                live.add(task);
            }
        }
        return live.size();
    }
}
