package io.mcpui.server.metrics;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last errors the server answered (tool calls and admin API requests that failed), newest
 * first, at most {@link #KEPT}, for the operator's page. Thread-safe.
 */
public final class RecentErrors {

    /** How many errors are kept. */
    public static final int KEPT = 50;

    /**
     * One error.
     *
     * @param at when, ISO-8601
     * @param app the app's UI path
     * @param text what failed and why, as the client was told
     */
    public record Entry(String at, String app, String text) {}

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RecentErrors(Clock clock) {
        this.clock = clock;
    }

    /** Records an error of {@code app}. */
    public void add(String app, String text) {
        Entry entry = new Entry(clock.instant().toString(), app, text);
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > KEPT) {
                entries.removeLast();
            }
        }
    }

    /** The errors, newest first. */
    public List<Entry> list() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }
}
