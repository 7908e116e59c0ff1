package io.mcpui.connection.internal;

import io.mcpui.connection.SessionIdGenerator;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * Ids in the original format, three lowercase letters and a digit ({@code abc7}), lengthened by
 * one letter after every {@value #ATTEMPTS_PER_LENGTH} failed attempts.
 */
public final class SeedFormatSessionIdGenerator implements SessionIdGenerator {

    /** Failed attempts at one length before the ids grow by a letter. */
    public static final int ATTEMPTS_PER_LENGTH = 16;

    private static final int BASE_LETTERS = 3;
    private static final int MAX_EXTRA_LETTERS = 20;

    private final int maxExtraLetters;
    private final SecureRandom random = new SecureRandom();

    public SeedFormatSessionIdGenerator(int maxExtraLetters) {
        if (maxExtraLetters < 0 || maxExtraLetters > MAX_EXTRA_LETTERS) {
            throw new IllegalArgumentException(
                    "maxExtraLetters must be between 0 and " + MAX_EXTRA_LETTERS + ", was " + maxExtraLetters);
        }
        this.maxExtraLetters = maxExtraLetters;
    }

    @Override
    public @Nullable String candidate(int attempt) {
        int extraLetters = attempt / ATTEMPTS_PER_LENGTH;
        if (extraLetters > maxExtraLetters) {
            return null;
        }
        int letters = BASE_LETTERS + extraLetters;
        char[] id = new char[letters + 1];
        for (int i = 0; i < letters; i++) {
            id[i] = (char) ('a' + random.nextInt(26));
        }
        id[letters] = (char) ('0' + random.nextInt(10));
        return new String(id);
    }
}
