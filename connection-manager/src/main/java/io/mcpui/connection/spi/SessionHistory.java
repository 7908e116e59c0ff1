package io.mcpui.connection.spi;

import java.util.List;

/**
 * What a cluster keeps of a session's recent messages, for a page that resumes on a node that did
 * not hold its session: the session's last {@code seq} and the kept messages, oldest first.
 * Immutable.
 *
 * @param lastSeq the highest {@code seq} the session has used; {@code 0} if none
 * @param entries kept messages in {@code seq} order
 */
public record SessionHistory(long lastSeq, List<Entry> entries) {

    /** No history: a new session. */
    public static final SessionHistory EMPTY = new SessionHistory(0, List.of());

    public SessionHistory {
        entries = List.copyOf(entries);
    }

    /**
     * One kept message.
     *
     * @param seq its number in the session
     * @param text the message as sent, {@code seq} included
     * @param sentAtEpochMillis when it was sent, for the age bound
     */
    public record Entry(long seq, String text, long sentAtEpochMillis) {}
}
