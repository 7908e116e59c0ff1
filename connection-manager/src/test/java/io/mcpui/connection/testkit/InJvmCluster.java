package io.mcpui.connection.testkit;

import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.SessionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Several nodes in one JVM: each {@link #newNode()} is a {@link Backplane} of one shared, in-memory
 * cluster authority, which numbers each session's messages, keeps their history and values, and
 * knows which nodes hold which session, as Redis does for the Redis backplane. Each node gets what
 * the cluster delivers on its own thread, in order, as from a Redis subscription. It proves that
 * the SPI carries everything a cluster needs, and it runs the backplane contract test without
 * Redis.
 */
public final class InJvmCluster {

    private final Object lock = new Object();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>(); // under lock
    private final Set<String> reservedIds = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;
    private int nodeIds; // under lock
    private volatile boolean severed;

    /** A cluster that stamps messages with the system clock. */
    public InJvmCluster() {
        this(System::currentTimeMillis);
    }

    /** A cluster that stamps messages with {@code clock} (epoch milliseconds), to age them by hand. */
    public InJvmCluster(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Cuts (or restores) every node's link to the cluster, as when Redis goes away: whatever needs
     * the cluster fails with {@link ClusterUnavailableException}, broadcasts reach no other node.
     */
    public void sever(boolean cut) {
        severed = cut;
    }

    /** A backplane for a new node of this cluster. */
    public Backplane newNode() {
        synchronized (lock) {
            return new Node("node" + ++nodeIds);
        }
    }

    /** One session as the cluster knows it. */
    private static final class Session {
        long lastSeq;
        final Map<String, Integer> holders = new LinkedHashMap<>();
        final List<SessionHistory.Entry> history = new ArrayList<>();
        final Map<String, String> values = new HashMap<>();
    }

    private final class Node implements Backplane {
        private final String nodeId;
        private final ExecutorService inbox;
        private volatile @Nullable BackplaneReceiver receiver;

        Node(String nodeId) {
            this.nodeId = nodeId;
            this.inbox = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "in-jvm-cluster-" + nodeId);
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void start(BackplaneReceiver receiver) {
            this.receiver = receiver;
            nodes.put(nodeId, this);
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public boolean clustered() {
            return true;
        }

        @Override
        public SessionHistory takeUp(String sessionId, int connections) {
            requireLinked();
            synchronized (lock) {
                Session session = sessions.computeIfAbsent(sessionId, id -> new Session());
                session.holders.put(nodeId, connections);
                return new SessionHistory(session.lastSeq, session.history);
            }
        }

        @Override
        public void sessionChanged(String sessionId, int connections) {
            if (severed) {
                return;
            }
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                if (session != null) {
                    session.holders.put(nodeId, connections);
                }
            }
        }

        @Override
        public void letGo(String sessionId, boolean end) {
            if (severed) {
                return;
            }
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                if (session == null) {
                    return;
                }
                session.holders.remove(nodeId);
                if (end && session.holders.isEmpty()) {
                    sessions.remove(sessionId);
                    for (Node node : nodes.values()) {
                        node.later(receiver -> receiver.sessionEnded(sessionId));
                    }
                }
            }
        }

        @Override
        public Reach sendToSession(String sessionId, String payload) {
            return publish(sessionId, payload, null, null);
        }

        @Override
        public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
            return publish(sessionId, payload, requestId, timeout);
        }

        private Reach publish(
                String sessionId, String payload, @Nullable String requestId, @Nullable Duration timeout) {
            requireLinked();
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                if (session == null) {
                    return Reach.NOT_HELD;
                }
                long seq = ++session.lastSeq;
                String text = withSeq(payload, seq);
                session.history.add(new SessionHistory.Entry(seq, text, clock.getAsLong()));
                int connections = 0;
                for (Map.Entry<String, Integer> holder : session.holders.entrySet()) {
                    Node node = nodes.get(holder.getKey());
                    if (node == null) {
                        continue;
                    }
                    connections += holder.getValue();
                    if (requestId == null || timeout == null) {
                        node.later(receiver -> receiver.deliverToSession(sessionId, seq, text));
                    } else {
                        node.later(
                                receiver -> receiver.deliverRequest(nodeId, sessionId, seq, requestId, text, timeout));
                    }
                }
                return Reach.held(connections);
            }
        }

        @Override
        public SessionHistory historyAfter(String sessionId, long seq) {
            requireLinked();
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                if (session == null) {
                    return SessionHistory.EMPTY;
                }
                return new SessionHistory(
                        session.lastSeq,
                        session.history.stream()
                                .filter(entry -> entry.seq() > seq)
                                .toList());
            }
        }

        @Override
        public int broadcast(String payload) {
            if (severed) {
                return 0; // as the Redis backplane: the local connections still get it
            }
            for (Node node : others()) {
                node.later(receiver -> receiver.deliverBroadcast(payload));
            }
            return remoteConnectionCount();
        }

        @Override
        public void forwardReply(String originNode, String sessionId, String requestId, String replyText) {
            Node origin = nodes.get(originNode);
            if (origin != null && !severed) {
                origin.later(receiver -> receiver.completeRequest(sessionId, requestId, replyText));
            }
        }

        @Override
        public void refuseRequest(String originNode, String requestId, String sessionId, String reason) {
            Node origin = nodes.get(originNode);
            if (origin != null && !severed) {
                origin.later(receiver -> receiver.requestRefused(requestId, sessionId, reason));
            }
        }

        @Override
        public boolean reserveSessionId(String sessionId, Duration ttl) {
            synchronized (lock) {
                return !sessions.containsKey(sessionId) && reservedIds.add(sessionId);
            }
        }

        @Override
        public Map<String, Integer> remoteSessions() {
            Map<String, Integer> remote = new HashMap<>();
            synchronized (lock) {
                sessions.forEach((id, session) -> session.holders.forEach((node, count) -> {
                    if (!node.equals(nodeId)) {
                        remote.merge(id, count, Integer::sum);
                    }
                }));
            }
            return remote;
        }

        @Override
        public int remoteConnectionCount() {
            return remoteSessions().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
        }

        @Override
        public void putSessionValue(String sessionId, String key, String value) {
            requireLinked();
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                if (session == null) {
                    throw new SessionNotFoundException(sessionId);
                }
                session.values.put(key, value);
            }
        }

        @Override
        public Optional<String> sessionValue(String sessionId, String key) {
            requireLinked();
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                return Optional.ofNullable(session == null ? null : session.values.get(key));
            }
        }

        @Override
        public Optional<String> removeSessionValue(String sessionId, String key) {
            requireLinked();
            synchronized (lock) {
                Session session = sessions.get(sessionId);
                return Optional.ofNullable(session == null ? null : session.values.remove(key));
            }
        }

        @Override
        public void close() {
            nodes.remove(nodeId);
            inbox.shutdown();
            try {
                inbox.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Hands {@code delivery} to this node's receiver on its own thread, after what came before. */
        private void later(java.util.function.Consumer<BackplaneReceiver> delivery) {
            BackplaneReceiver target = receiver;
            if (target != null && !inbox.isShutdown()) {
                inbox.execute(() -> delivery.accept(target));
            }
        }

        private List<Node> others() {
            return nodes.values().stream().filter(node -> node != this).toList();
        }

        private void requireLinked() {
            if (severed) {
                throw new ClusterUnavailableException(null, "the in-JVM cluster is severed");
            }
        }
    }

    private static String withSeq(String payload, long seq) {
        String body = payload.substring(1, payload.length() - 1);
        return "{" + body + (body.isEmpty() ? "" : ",") + "\"seq\":" + seq + "}";
    }
}
