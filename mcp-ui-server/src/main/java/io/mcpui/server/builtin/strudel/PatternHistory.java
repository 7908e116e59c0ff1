package io.mcpui.server.builtin.strudel;

import io.mcpui.connection.ConnectionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The patterns that played on a session, oldest first, the last {@link #MAX_ENTRIES}: a session
 * value, so it outlives reloads of the page (which keep the session) and is the same on every
 * node of a cluster. Thread-safe as far as the manager's session values are; two plays at once on
 * two nodes may keep only one of them.
 */
final class PatternHistory {

    private static final Logger log = LoggerFactory.getLogger(PatternHistory.class);

    /** How many patterns a session keeps. */
    static final int MAX_ENTRIES = 50;

    private static final String KEY = "strudel.history";
    private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {};

    /**
     * One pattern that played.
     *
     * @param code its code
     * @param description what the assistant said it is, or {@code null}
     * @param playedAt when, ISO-8601
     */
    record Entry(String code, @Nullable String description, String playedAt) {}

    private final ConnectionManager manager;
    private final JsonMapper json;

    PatternHistory(ConnectionManager manager, JsonMapper json) {
        this.manager = manager;
        this.json = json;
    }

    /** The patterns, oldest first. */
    List<Entry> list(String sessionId) {
        return manager.sessionValue(sessionId, KEY)
                .map(text -> json.readValue(text, ENTRIES))
                .orElse(List.of());
    }

    /** Adds a pattern that played, unless it is the one that played last; returns the history. */
    List<Entry> add(String sessionId, Entry entry) {
        List<Entry> entries = new ArrayList<>(list(sessionId));
        if (!entries.isEmpty() && entries.get(entries.size() - 1).code().equals(entry.code())) {
            return entries;
        }
        entries.add(entry);
        while (entries.size() > MAX_ENTRIES) {
            entries.remove(0);
        }
        manager.putSessionValue(sessionId, KEY, json.writeValueAsString(entries));
        return entries;
    }

    /** The pattern before the last one, if there is one. */
    Optional<Entry> previous(String sessionId) {
        List<Entry> entries = list(sessionId);
        return entries.size() < 2 ? Optional.empty() : Optional.of(entries.get(entries.size() - 2));
    }

    /** The page shows the history as it changes; a page that is gone misses nothing it needs. */
    void show(String sessionId, List<Entry> entries) {
        try {
            manager.sendToSession(sessionId, new Shown("strudel-history", entries));
        } catch (RuntimeException e) {
            log.debug("Could not show session {} its history: {}", sessionId, e.toString());
        }
    }

    /** Server to page: the patterns that played, oldest first. */
    record Shown(String type, List<Entry> entries) {}

    /** Forgets the last pattern (an undo went back from it); returns the history. */
    List<Entry> dropLast(String sessionId) {
        List<Entry> entries = new ArrayList<>(list(sessionId));
        if (!entries.isEmpty()) {
            entries.remove(entries.size() - 1);
            manager.putSessionValue(sessionId, KEY, json.writeValueAsString(entries));
        }
        return entries;
    }
}
