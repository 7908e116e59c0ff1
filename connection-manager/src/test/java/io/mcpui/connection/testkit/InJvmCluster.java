package io.mcpui.connection.testkit;

import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.SessionHistory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several nodes in one JVM: each {@link #newNode()} is a {@link Backplane} that reaches the
 * others by direct calls, and the nodes share one history of each session's messages. It proves
 * that the SPI can carry everything a cluster needs, and it runs the backplane contract test
 * without Redis.
 */
public final class InJvmCluster {

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Set<String> reservedIds = ConcurrentHashMap.newKeySet();
    private final Map<String, List<SessionHistory.Entry>> histories = new ConcurrentHashMap<>();
    private final AtomicInteger nodeIds = new AtomicInteger();
    private volatile boolean severed;

    /**
     * Cuts (or restores) the links between nodes, as when Redis goes away: each node keeps its
     * last view of the others, and whatever must cross to another node fails with {@link
     * ClusterUnavailableException}.
     */
    public void sever(boolean cut) {
        severed = cut;
    }

    /** A backplane for a new node of this cluster. */
    public Backplane newNode() {
        return new Node("node-" + nodeIds.incrementAndGet());
    }

    private final class Node implements Backplane {
        private final String nodeId;
        private final Map<String, Integer> localSessions = new ConcurrentHashMap<>();
        private volatile BackplaneReceiver receiver;

        Node(String nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public void start(BackplaneReceiver receiver) {
            this.receiver = receiver;
            nodes.put(nodeId, this);
        }

        @Override
        public void sessionChanged(String sessionId, int localConnections) {
            localSessions.put(sessionId, localConnections);
        }

        @Override
        public void sessionEnded(String sessionId) {
            localSessions.remove(sessionId);
        }

        @Override
        public void recordMessage(String sessionId, SessionHistory.Entry entry) {
            histories
                    .computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>())
                    .add(entry);
        }

        @Override
        public SessionHistory loadHistory(String sessionId) {
            List<SessionHistory.Entry> entries = histories.getOrDefault(sessionId, List.of());
            return entries.isEmpty()
                    ? SessionHistory.EMPTY
                    : new SessionHistory(entries.get(entries.size() - 1).seq(), entries);
        }

        @Override
        public boolean reserveSessionId(String sessionId, Duration ttl) {
            for (Node node : others()) {
                if (node.localSessions.containsKey(sessionId)) {
                    return false;
                }
            }
            return reservedIds.add(sessionId);
        }

        @Override
        public boolean holdsRemotely(String sessionId) {
            for (Node node : others()) {
                if (node.localSessions.containsKey(sessionId)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Map<String, Integer> remoteSessions() {
            Map<String, Integer> sessions = new HashMap<>();
            others().forEach(
                            node -> node.localSessions.forEach((id, count) -> sessions.merge(id, count, Integer::sum)));
            return sessions;
        }

        @Override
        public int remoteConnectionCount() {
            int count = 0;
            for (Node node : others()) {
                count += node.receiverConnectionCount();
            }
            return count;
        }

        @Override
        public Reach sendToSession(String sessionId, String payload) {
            Reach reach = Reach.NOT_HELD;
            for (Node node : reachableOthers()) {
                if (node.localSessions.containsKey(sessionId)) {
                    reach = reach.plus(Reach.held(node.receiver.deliverToSession(sessionId, payload)));
                }
            }
            return reach;
        }

        @Override
        public Reach sendRequest(String sessionId, String requestId, String payload, Duration timeout) {
            for (Node node : reachableOthers()) {
                Integer connections = node.localSessions.get(sessionId);
                if (connections != null) {
                    node.receiver.deliverRequest(nodeId, sessionId, requestId, payload, timeout);
                    return Reach.held(connections);
                }
            }
            return Reach.NOT_HELD;
        }

        @Override
        public int broadcast(String payload) {
            if (severed) {
                return 0; // as the Redis backplane: the local connections still get it
            }
            int count = 0;
            for (Node node : others()) {
                count += node.receiver.deliverBroadcast(payload);
            }
            return count;
        }

        @Override
        public void forwardReply(String originNode, String requestId, String replyText) {
            Node origin = nodes.get(originNode);
            if (origin != null) {
                origin.receiver.completeRequest(requestId, replyText);
            }
        }

        @Override
        public void forwardFailure(String originNode, String requestId, String sessionId, String reason) {
            Node origin = nodes.get(originNode);
            if (origin != null) {
                origin.receiver.failRequest(requestId, sessionId, reason);
            }
        }

        @Override
        public void close() {
            nodes.remove(nodeId);
        }

        private int receiverConnectionCount() {
            return localSessions.values().stream().mapToInt(Integer::intValue).sum();
        }

        private Iterable<Node> others() {
            return nodes.values().stream().filter(node -> node != this).toList();
        }

        /** The other nodes, to deliver to: none reachable while the cluster is severed. */
        private Iterable<Node> reachableOthers() {
            if (severed) {
                throw new ClusterUnavailableException(null, "the in-JVM cluster is severed");
            }
            return others();
        }
    }
}
