package io.mcpui.server.builtin.strudel;

import io.mcpui.server.app.ToolException;
import java.util.Locale;

/**
 * A tempo: cycles per second, as Strudel counts it, or beats per minute with four beats to a
 * cycle (Strudel's default 0.5 cycles per second is 120 BPM). Immutable.
 *
 * @param cps cycles per second
 */
record Tempo(double cps) {

    static final int BEATS_PER_CYCLE = 4;

    /** The slowest and fastest tempo accepted: a cycle a minute to 20 a second. */
    static final double MIN_CPS = 1.0 / 60;

    static final double MAX_CPS = 20;

    /** The tempo of {@code bpm} beats per minute. */
    static Tempo ofBpm(double bpm) {
        return new Tempo(bpm / 60 / BEATS_PER_CYCLE);
    }

    /**
     * The tempo a call asks for, given as either.
     *
     * @throws ToolException if neither or both are given, or it is out of range
     */
    static Tempo of(@org.jspecify.annotations.Nullable Double cps, @org.jspecify.annotations.Nullable Double bpm) {
        if ((cps == null) == (bpm == null)) {
            throw new ToolException("Give the tempo as either 'cps' (cycles per second, e.g. 0.5) or 'bpm' (beats per "
                    + "minute at 4 beats per cycle, e.g. 120), not both and not neither.");
        }
        Tempo tempo = cps != null ? new Tempo(cps) : ofBpm(bpm);
        if (tempo.cps < MIN_CPS || tempo.cps > MAX_CPS) {
            throw new ToolException("A tempo of " + tempo + " is out of range: from " + format(MIN_CPS) + " to "
                    + format(MAX_CPS) + " cycles per second (" + format(MIN_CPS * 240) + " to "
                    + format(MAX_CPS * 240) + " BPM).");
        }
        return tempo;
    }

    double bpm() {
        return cps * 60 * BEATS_PER_CYCLE;
    }

    /** e.g. {@code 0.5 cycles per second (120 BPM)}. */
    @Override
    public String toString() {
        return format(cps) + " cycles per second (" + format(bpm()) + " BPM)";
    }

    private static String format(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
