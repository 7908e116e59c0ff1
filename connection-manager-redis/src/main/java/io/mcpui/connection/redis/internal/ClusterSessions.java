package io.mcpui.connection.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.mcpui.connection.ClusterUnavailableException;
import io.mcpui.connection.SessionNotFoundException;
import io.mcpui.connection.spi.BackplaneReceiver;
import io.mcpui.connection.spi.Reach;
import io.mcpui.connection.spi.SessionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's sessions in Redis, each in one hash (its last {@code seq}, and the nodes that hold
 * it with their connections), with its recent messages in a bounded list and its values in a
 * hash. Every change is one Lua script, so Redis orders it against everything else done to the
 * session: a message gets its {@code seq}, enters the history and is published to every holding
 * node in one step, and a node that takes a session up gets its history and every later message.
 * History entries are {@code "<seq> <epoch millis> <text>"}. Each script is a file next to this
 * class ({@code send.lua}, …) that says its keys, arguments and result. Thread-safe.
 */
public final class ClusterSessions {

    private static final Logger log = LoggerFactory.getLogger(ClusterSessions.class);

    /** A node takes a session up. */
    private static final Script TAKE_UP = Script.load("take-up.lua");

    /** A message to a session: numbered, recorded, published to its nodes. */
    private static final Script SEND = Script.load("send.lua");

    /** A node's connection count of a session it holds. */
    private static final Script COUNT = Script.load("count.lua");

    /** A node lets a session go; it ends if no live node holds it. */
    private static final Script LET_GO = Script.load("let-go.lua");

    /** A node re-joins a session after an outage. */
    private static final Script REJOIN = Script.load("rejoin.lua");

    /** Sets a session value, if a node has the session. */
    private static final Script PUT_VALUE = Script.load("put-value.lua");

    /** Removes a session value and returns it. */
    private static final Script REMOVE_VALUE = Script.load("remove-value.lua");

    private final RedisLink link;
    private final RedisKeys keys;
    private final String nodeId;
    private final String ownRegistryKey;
    private final String historyMax;
    private final String historyTtlMillis;
    private final String sessionTtlMillis;
    private final String nodeTtlMillis;
    private volatile boolean joined;

    /**
     * @param historyTtl how long a session nobody holds stays resumable, and its messages kept
     * @param nodeTtl how long a node's entries live without a heartbeat
     */
    public ClusterSessions(
            RedisLink link, RedisKeys keys, String nodeId, int historyMax, Duration historyTtl, Duration nodeTtl) {
        this.link = link;
        this.keys = keys;
        this.nodeId = nodeId;
        this.ownRegistryKey = keys.registry(nodeId);
        this.historyMax = Integer.toString(historyMax);
        this.historyTtlMillis = Long.toString(historyTtl.toMillis());
        // A held session outlives a dead holder by the resume window: its page may resume elsewhere.
        this.sessionTtlMillis = Long.toString(nodeTtl.plus(historyTtl).toMillis());
        this.nodeTtlMillis = Long.toString(nodeTtl.toMillis());
    }

    /** How long a session key lives without a refresh, in milliseconds, for the heartbeat. */
    public String sessionTtlMillis() {
        return sessionTtlMillis;
    }

    /** Whether this node is in the cluster: connected, and re-joined after the last outage. */
    public boolean joined() {
        return joined && link.connected();
    }

    /** This node lost Redis: until {@link #rejoin} succeeds it answers nothing for the cluster. */
    public void left() {
        joined = false;
    }

    /** See {@code Backplane.takeUp}. */
    public SessionHistory takeUp(String sessionId, int connections) {
        requireJoined(sessionId);
        List<Object> reply = await(
                sessionId,
                link.run(
                        TAKE_UP,
                        ScriptOutputType.MULTI,
                        new String[] {keys.session(sessionId), keys.history(sessionId), ownRegistryKey},
                        nodeId,
                        Integer.toString(connections),
                        sessionTtlMillis,
                        nodeTtlMillis,
                        sessionId));
        long lastSeq = (Long) reply.get(0);
        @SuppressWarnings("unchecked")
        List<String> entries = (List<String>) reply.get(1);
        return history(lastSeq, entries, 0);
    }

    /** See {@code Backplane.sessionChanged}; not awaited: the next heartbeat repairs a lost write. */
    @SuppressWarnings("FutureReturnValueIgnored")
    public void changed(String sessionId, int connections) {
        if (joined()) {
            link.run(
                    COUNT,
                    ScriptOutputType.INTEGER,
                    new String[] {keys.session(sessionId), ownRegistryKey},
                    nodeId,
                    Integer.toString(connections),
                    nodeTtlMillis,
                    sessionId);
        }
    }

    /** See {@code Backplane.letGo}; not awaited. */
    @SuppressWarnings("FutureReturnValueIgnored")
    public void letGo(String sessionId, boolean end) {
        if (joined()) {
            link.run(
                    LET_GO,
                    ScriptOutputType.INTEGER,
                    new String[] {
                        keys.session(sessionId), keys.history(sessionId), keys.values(sessionId), ownRegistryKey
                    },
                    nodeId,
                    end ? "1" : "0",
                    historyTtlMillis,
                    keys.livenessPrefix(),
                    keys.eventsChannel(),
                    sessionId);
        }
    }

    /**
     * See {@code Backplane.sendToSession} and {@code sendRequest}: numbered, recorded and
     * published to the holding nodes in one step, awaited.
     *
     * @param requestId {@code null} for a plain message
     */
    public Reach send(String sessionId, String payload, @Nullable String requestId, Duration timeout) {
        requireJoined(sessionId);
        List<Long> reply = await(
                sessionId,
                link.run(
                        SEND,
                        ScriptOutputType.MULTI,
                        new String[] {keys.session(sessionId), keys.history(sessionId)},
                        payload,
                        Long.toString(System.currentTimeMillis()),
                        historyMax,
                        historyTtlMillis,
                        keys.livenessPrefix(),
                        keys.directChannelPrefix(),
                        nodeId,
                        requestId == null ? "" : requestId,
                        Long.toString(timeout.toMillis()),
                        sessionId));
        return reply.size() < 2 ? Reach.NOT_HELD : Reach.held(reply.get(1).intValue());
    }

    /** See {@code Backplane.historyAfter}. */
    public SessionHistory historyAfter(String sessionId, long seq) {
        requireJoined(sessionId);
        List<String> entries = await(sessionId, link.commands().lrange(keys.history(sessionId), 0, -1));
        return history(seq, entries, seq);
    }

    /** See {@code Backplane.putSessionValue}. */
    public void putValue(String sessionId, String key, String value) {
        requireJoined(sessionId);
        Long stored = await(
                sessionId,
                link.run(
                        PUT_VALUE,
                        ScriptOutputType.INTEGER,
                        new String[] {keys.session(sessionId), keys.values(sessionId)},
                        key,
                        value,
                        sessionTtlMillis));
        if (stored == 0) {
            throw new SessionNotFoundException(sessionId);
        }
    }

    /** See {@code Backplane.sessionValue}. */
    public Optional<String> value(String sessionId, String key) {
        requireJoined(sessionId);
        return Optional.ofNullable(await(sessionId, link.commands().hget(keys.values(sessionId), key)));
    }

    /** See {@code Backplane.removeSessionValue}. */
    public Optional<String> removeValue(String sessionId, String key) {
        requireJoined(sessionId);
        String removed = await(
                sessionId, link.run(REMOVE_VALUE, ScriptOutputType.VALUE, new String[] {keys.values(sessionId)}, key));
        return Optional.ofNullable(removed);
    }

    /**
     * Re-joins the cluster with every session this node holds, restoring what Redis may have lost
     * (a restart without persistence): each session's holder entry, a numbering no lower than this
     * node's, and its history from what this node keeps. Then this node answers for the cluster
     * again.
     *
     * @return per session, the cluster's last {@code seq} (higher than this node's when messages
     *     were published while this node could not hear them)
     * @throws Exception if Redis failed meanwhile; the caller retries
     */
    public List<Long> rejoin(List<BackplaneReceiver.HeldSession> held) throws Exception {
        List<CompletableFuture<Long>> replies = new ArrayList<>(held.size());
        for (BackplaneReceiver.HeldSession session : held) {
            List<String> args = new ArrayList<>(List.of(
                    nodeId,
                    Integer.toString(session.connections()),
                    Long.toString(session.kept().lastSeq()),
                    sessionTtlMillis,
                    historyTtlMillis,
                    historyMax,
                    nodeTtlMillis,
                    session.sessionId()));
            for (SessionHistory.Entry entry : session.kept().entries()) {
                args.add(entry.seq() + " " + entry.sentAtEpochMillis() + " " + entry.text());
            }
            replies.add(link.run(
                    REJOIN,
                    ScriptOutputType.INTEGER,
                    new String[] {keys.session(session.sessionId()), keys.history(session.sessionId()), ownRegistryKey},
                    args.toArray(String[]::new)));
        }
        List<Long> seqs = new ArrayList<>(replies.size());
        for (CompletableFuture<Long> reply : replies) {
            seqs.add(link.await(reply));
        }
        joined = true;
        return seqs;
    }

    private void requireJoined(String sessionId) {
        if (!joined()) {
            throw unavailable(sessionId, "this node is not connected to the cluster (Redis) right now", null);
        }
    }

    private <T> T await(String sessionId, java.util.concurrent.Future<T> reply) {
        try {
            return link.await(reply);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(sessionId, "the cluster (Redis) did not answer: " + e.getMessage(), e);
        }
    }

    private static ClusterUnavailableException unavailable(String sessionId, String why, @Nullable Exception cause) {
        String message = "Session " + sessionId + " is out of reach: " + why + "; try again shortly";
        return cause == null
                ? new ClusterUnavailableException(sessionId, message)
                : new ClusterUnavailableException(sessionId, message, cause);
    }

    /** The entries after {@code afterSeq}, in order, each once; malformed ones are skipped. */
    private static SessionHistory history(long lastSeq, List<String> items, long afterSeq) {
        List<SessionHistory.Entry> entries = new ArrayList<>(items.size());
        long previous = afterSeq;
        for (String item : items) {
            int first = item.indexOf(' ');
            int second = first < 0 ? -1 : item.indexOf(' ', first + 1);
            try {
                long seq = Long.parseLong(item.substring(0, first));
                long sentAt = Long.parseLong(item.substring(first + 1, second));
                if (seq > previous) {
                    entries.add(new SessionHistory.Entry(seq, item.substring(second + 1), sentAt));
                    previous = seq;
                }
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                log.debug("Skipped a history entry that is not one: {}", item);
            }
        }
        return new SessionHistory(Math.max(lastSeq, previous), entries);
    }
}
