package io.mcpui.connection.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A session's recent messages with their {@code seq}, oldest first, bounded by count, characters
 * and age. Not thread-safe: its {@link SessionState}'s monitor guards it.
 */
final class ReplayBuffer {

    record Entry(long seq, String text, long sentAtNanos) {}

    // Made on the first message: most sessions of an idle server have none.
    private @Nullable ArrayDeque<Entry> entries;
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
        ArrayDeque<Entry> kept = entries;
        if (kept == null) {
            kept = new ArrayDeque<>(8);
            entries = kept;
        }
        kept.addLast(new Entry(seq, text, now));
        chars += text.length();
        while (kept.size() > maxMessages || chars > maxChars) {
            chars -= kept.removeFirst().text().length();
        }
    }

    /** The kept entries after {@code seq}, oldest first, once those older than the age bound are gone. */
    List<Entry> after(long seq, long now) {
        ArrayDeque<Entry> kept = entries;
        if (kept == null) {
            return List.of();
        }
        expire(kept, now);
        List<Entry> newer = new ArrayList<>();
        for (Entry entry : kept) {
            if (entry.seq() > seq) {
                newer.add(entry);
            }
        }
        return newer;
    }

    void clear() {
        entries = null;
        chars = 0;
    }

    private void expire(ArrayDeque<Entry> kept, long now) {
        while (!kept.isEmpty() && now - kept.peekFirst().sentAtNanos() > maxAgeNanos) {
            chars -= kept.removeFirst().text().length();
        }
    }
}
