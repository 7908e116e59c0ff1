package io.mcpui.connection.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.mcpui.connection.spi.SessionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Each session's recent messages in a bounded Redis list, so that a page that reconnects to
 * another node (or to this one after a restart) gets what it missed. Entries are {@link
 * SessionHistory.Entry} records written as JSON. Thread-safe.
 */
public final class ClusterHistory {

    private static final Logger log = LoggerFactory.getLogger(ClusterHistory.class);

    /** Appends to a session's history, trims it and sets its TTL in one step: ARGV entry, max, TTL (ms). */
    private static final String APPEND_HISTORY = "redis.call('RPUSH', KEYS[1], ARGV[1]) "
            + "redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[3])";

    private final RedisLink link;
    private final RedisKeys keys;
    private final String maxMessages;
    private final String ttlMillis;

    public ClusterHistory(RedisLink link, RedisKeys keys, int maxMessages, Duration ttl) {
        this.link = link;
        this.keys = keys;
        this.maxMessages = Integer.toString(maxMessages);
        this.ttlMillis = Long.toString(ttl.toMillis());
    }

    /** Appends one message, without waiting; nothing while Redis is unreachable. */
    @SuppressWarnings("FutureReturnValueIgnored") // called under a session's lock: the append is not awaited
    public void record(String sessionId, SessionHistory.Entry entry) {
        if (!link.connected()) {
            return;
        }
        link.commands()
                .eval(
                        APPEND_HISTORY,
                        ScriptOutputType.INTEGER,
                        new String[] {keys.history(sessionId)},
                        link.json().writeValueAsString(entry),
                        maxMessages,
                        ttlMillis);
    }

    /** What is kept of a session, oldest first; {@link SessionHistory#EMPTY} if Redis cannot say. */
    public SessionHistory load(String sessionId) {
        try {
            List<String> kept = link.await(link.commands().lrange(keys.history(sessionId), 0, -1));
            List<SessionHistory.Entry> entries = new ArrayList<>(kept.size());
            long lastSeq = 0;
            for (String item : kept) {
                SessionHistory.Entry entry = decode(item);
                if (entry != null && entry.seq() > lastSeq) { // out of order: skip rather than replay twice
                    entries.add(entry);
                    lastSeq = entry.seq();
                }
            }
            return new SessionHistory(lastSeq, entries);
        } catch (Exception e) {
            log.warn(
                    "Could not read the history of session {} from Redis; the page will be told to resync: {}",
                    sessionId,
                    e.toString());
            return SessionHistory.EMPTY;
        }
    }

    private SessionHistory.@org.jspecify.annotations.Nullable Entry decode(String item) {
        try {
            return link.json().readValue(item, SessionHistory.Entry.class);
        } catch (JacksonException e) {
            log.debug("Skipped a history entry that is not one: {}", e.getOriginalMessage());
            return null;
        }
    }
}
