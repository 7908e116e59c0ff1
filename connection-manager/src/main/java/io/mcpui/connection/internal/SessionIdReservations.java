package io.mcpui.connection.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Session ids this node issued, or whose sessions just ended, kept out of reuse until their
 * deadline: a page that was handed an id, or that reconnects after a blip, finds it still its
 * own. Deadlines are {@link io.mcpui.connection.spi.Scheduler#nanoTime()} values.
 */
final class SessionIdReservations {

    private final ConcurrentHashMap<String, Long> deadlines = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SessionIdReservations(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** Reserves {@code id} unless a reservation that has not expired holds it. */
    boolean tryReserve(String id, long now) {
        boolean[] reserved = {false};
        deadlines.compute(id, (key, deadline) -> {
            if (deadline != null && deadline - now > 0) {
                return deadline;
            }
            reserved[0] = true;
            return now + ttlNanos;
        });
        return reserved[0];
    }

    /** Reserves {@code id} from now on, whoever held it. */
    void reserve(String id, long now) {
        deadlines.put(id, now + ttlNanos);
    }

    void release(String id) {
        deadlines.remove(id);
    }

    /** Forgets expired reservations, so that the map stays as small as the ids in use. */
    void sweep(long now) {
        deadlines.values().removeIf(deadline -> deadline - now <= 0);
    }

    int size() {
        return deadlines.size();
    }
}
