package io.mcpui.connection.internal;

import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.SessionIdGenerator;
import io.mcpui.connection.SessionIdsExhaustedException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.Scheduler;

/** Checks the session ids pages present and issues new ones that no one else holds. */
final class SessionIds {

    private final int maxLength;
    private final SessionIdGenerator generator;
    private final SessionIdReservations reservations;
    private final SessionRegistry registry;
    private final Backplane backplane;
    private final Scheduler scheduler;
    private final ConnectionManagerOptions options;

    SessionIds(
            ConnectionManagerOptions options,
            SessionIdGenerator generator,
            SessionRegistry registry,
            Backplane backplane,
            Scheduler scheduler) {
        this.options = options;
        this.maxLength = options.maxSessionIdLength();
        this.generator = generator;
        this.reservations =
                new SessionIdReservations(options.sessionIdReservation().toNanos());
        this.registry = registry;
        this.backplane = backplane;
        this.scheduler = scheduler;
    }

    /** Whether {@code id} has 1 to max-length characters from {@code a-z A-Z 0-9 _ -}. */
    boolean isValid(String id) {
        if (id.isEmpty() || id.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** What to tell a page whose id {@link #isValid} refused (fits a close frame's reason). */
    String invalidReason() {
        return "invalid session_id: use 1 to " + maxLength + " characters from a-z, A-Z, 0-9, _ and -";
    }

    /** Issues a free id and reserves it here and across the cluster. */
    String generate() {
        for (int attempt = 0; attempt < SessionIdGenerator.MAX_ATTEMPTS; attempt++) {
            String candidate = generator.candidate(attempt);
            if (candidate == null) {
                break;
            }
            if (isValid(candidate) && reserve(candidate)) {
                return candidate;
            }
        }
        throw new SessionIdsExhaustedException("Found no free session id: " + registry.sessionCount()
                + " sessions are live and " + reservations.size() + " ids reserved on this node; "
                + "let the generator lengthen ids (SessionIdGenerator.seedFormat(n)) "
                + "or shorten ConnectionManagerOptions.sessionIdReservation");
    }

    /** Keeps a session's id from being issued again for a while after its last connection left. */
    void sessionEnded(String id) {
        reservations.reserve(id, scheduler.nanoTime());
    }

    /** Forgets expired reservations. */
    void sweep() {
        reservations.sweep(scheduler.nanoTime());
    }

    private boolean reserve(String candidate) {
        if (registry.hasSession(candidate) || !reservations.tryReserve(candidate, scheduler.nanoTime())) {
            return false;
        }
        if (backplane.reserveSessionId(candidate, options.sessionIdReservation())) {
            return true;
        }
        reservations.release(candidate);
        return false;
    }
}
