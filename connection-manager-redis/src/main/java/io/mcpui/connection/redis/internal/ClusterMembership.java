package io.mcpui.connection.redis.internal;

import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.SessionHistory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's staying in the cluster: a heartbeat that refreshes its registry entries, and after
 * an outage a re-join that re-registers every session it holds (restoring what a Redis restart
 * lost) and fetches what its pages missed meanwhile. Both run on one thread of its own; a failed
 * re-join is tried again at the next heartbeat. Thread-safe.
 */
public final class ClusterMembership {

    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

    private final RedisLink link;
    private final ClusterRegistry registry;
    private final ClusterSessions sessions;
    private final Duration every;
    private final Executor deliveries;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "redis-backplane-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile @Nullable BackplaneReceiver receiver;
    private volatile boolean stopped;

    /**
     * @param every how often the heartbeat runs
     * @param deliveries where what pages missed is handed to the receiver, in order
     */
    public ClusterMembership(
            RedisLink link, ClusterRegistry registry, ClusterSessions sessions, Duration every, Executor deliveries) {
        this.link = link;
        this.registry = registry;
        this.sessions = sessions;
        this.every = every;
        this.deliveries = deliveries;
    }

    /** Starts the heartbeat, for {@code receiver}'s sessions. */
    @SuppressWarnings("FutureReturnValueIgnored") // the heartbeat runs until stop() shuts its executor down
    public void start(BackplaneReceiver receiver) {
        this.receiver = receiver;
        heartbeats.scheduleAtFixedRate(this::heartbeat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Redis is back (or was reconnected to): re-join at once. */
    @SuppressWarnings("FutureReturnValueIgnored") // runs once on the heartbeat thread, or not at all when stopped
    public void rejoinSoon() {
        try {
            heartbeats.execute(this::rejoin);
        } catch (RejectedExecutionException stopping) {
            log.debug("Not re-joining: the backplane is closing");
        }
    }

    /** Stops the heartbeat, letting a running one finish within {@code wait}. */
    public void stop(Duration wait) {
        stopped = true;
        heartbeats.shutdownNow();
        try {
            if (!heartbeats.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("The heartbeat is still busy after {}; closing anyway", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A heartbeat, or, while this node is not joined, another attempt to re-join. */
    private void heartbeat() {
        if (stopped) {
            return;
        }
        if (sessions.joined()) {
            registry.heartbeat(sessions.sessionTtlMillis());
        } else {
            rejoin();
        }
    }

    /**
     * Re-joins the cluster after an outage: announces this node, re-registers every session it
     * holds (restoring what Redis lost), then fetches what its pages missed while it could not
     * hear. Runs on the heartbeat thread; on failure, the next heartbeat tries again.
     */
    private void rejoin() {
        BackplaneReceiver target = receiver;
        if (stopped || target == null || !link.connected()) {
            return;
        }
        try {
            if (!registry.heartbeat(sessions.sessionTtlMillis())) {
                return;
            }
            List<BackplaneReceiver.HeldSession> held = target.heldSessions();
            List<Long> clusterSeqs = sessions.rejoin(held);
            for (int i = 0; i < held.size(); i++) {
                BackplaneReceiver.HeldSession session = held.get(i);
                if (clusterSeqs.get(i) > session.kept().lastSeq()) {
                    SessionHistory missed = sessions.historyAfter(
                            session.sessionId(), session.kept().lastSeq());
                    deliveries.execute(() -> missed.entries()
                            .forEach(entry -> target.deliverToSession(session.sessionId(), entry.seq(), entry.text())));
                }
            }
            log.info("Joined the cluster on Redis again with {} sessions", held.size());
        } catch (Exception e) {
            log.debug("Could not re-join the cluster yet; retrying at the next heartbeat", e);
        }
    }
}
