package io.mcpui.connection.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's recent messages with their {@code seq}, oldest first, bounded by count, characters
 * and age. Not thread-safe: its {@link SessionState}'s monitor guards it.
 */
final class ReplayBuffer {

    record Entry(long seq, String text, long sentAtNanos) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int maxMessages;
    private final long maxChars;
    private final long maxAgeNanos;
    private long chars;

    /** @param maxAgeNanos {@code 0}: keep nothing */
    ReplayBuffer(int maxMessages, long maxChars, long maxAgeNanos) {
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
        this.maxAgeNanos = maxAgeNanos;
    }

    void add(long seq, String text, long now) {
        if (maxAgeNanos == 0) {
            return;
        }
        entries.addLast(new Entry(seq, text, now));
        chars += text.length();
        while (entries.size() > maxMessages || chars > maxChars) {
            chars -= entries.removeFirst().text().length();
        }
    }

    /** The kept entries after {@code seq}, oldest first, once those older than the age bound are gone. */
    List<Entry> after(long seq, long now) {
        expire(now);
        List<Entry> newer = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.seq() > seq) {
                newer.add(entry);
            }
        }
        return newer;
    }

    void clear() {
        entries.clear();
        chars = 0;
    }

    private void expire(long now) {
        while (!entries.isEmpty() && now - entries.peekFirst().sentAtNanos() > maxAgeNanos) {
            chars -= entries.removeFirst().text().length();
        }
    }
}
