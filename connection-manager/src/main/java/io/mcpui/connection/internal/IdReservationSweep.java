package io.mcpui.connection.internal;

import io.mcpui.connection.spi.Scheduler;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Forgets expired session id reservations every reservation period, until cancelled. */
final class IdReservationSweep {

    private final Scheduler scheduler;
    private final Duration period;
    private final SessionIds sessionIds;
    private volatile boolean cancelled;
    private volatile Scheduler.@Nullable Cancellable next;

    IdReservationSweep(Scheduler scheduler, Duration period, SessionIds sessionIds) {
        this.scheduler = scheduler;
        this.period = period;
        this.sessionIds = sessionIds;
        schedule();
    }

    void cancel() {
        cancelled = true;
        Scheduler.Cancellable task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        Scheduler.Cancellable task = scheduler.schedule(
                () -> {
                    try {
                        sessionIds.sweep();
                    } finally {
                        if (!cancelled) {
                            schedule();
                        }
                    }
                },
                period);
        next = task;
        if (cancelled) {
            task.cancel();
        }
    }
}
