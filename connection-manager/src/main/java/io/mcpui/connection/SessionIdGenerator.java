package io.mcpui.connection;

import io.mcpui.connection.internal.SeedFormatSessionIdGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Proposes session ids. The manager asks for candidates until one is free (not used by a live
 * session and not reserved), so a generator only has to propose, not to check.
 *
 * <p>To keep ids short while the id space is roomy and still always terminate, a generator sees
 * the attempt number and may lengthen its ids as attempts fail; it returns {@code null} when it
 * has nothing more to offer. The manager also stops after {@link #MAX_ATTEMPTS} attempts, so a
 * generator that never returns {@code null} cannot make it loop forever. Either way {@link
 * ConnectionManager#generateSessionId()} then throws {@link SessionIdsExhaustedException}.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SessionIdGenerator {

    /** The most candidates the manager asks for in one {@code generateSessionId()} call. */
    int MAX_ATTEMPTS = 1_000;

    /** How many letters the seed format may add to its three when ids get crowded: 4. */
    int DEFAULT_MAX_EXTRA_LETTERS = 4;

    /**
     * Returns a candidate id for the given attempt (0 for the first try of one generation), or
     * {@code null} when there are no more candidates.
     */
    @Nullable
    String candidate(int attempt);

    /**
     * The original format: three lowercase letters and a digit, such as {@code abc7}, drawn
     * from {@link java.security.SecureRandom}. After 16 failed attempts at one length it adds a
     * letter ({@code abcd7}), up to {@link #DEFAULT_MAX_EXTRA_LETTERS} extra letters.
     */
    static SessionIdGenerator seedFormat() {
        return seedFormat(DEFAULT_MAX_EXTRA_LETTERS);
    }

    /**
     * The original format, lengthened by at most {@code maxExtraLetters} letters when crowded.
     * With {@code 0} the ids always have four characters, and the generator gives up once 16
     * random tries in a row hit ids in use.
     *
     * @throws IllegalArgumentException if {@code maxExtraLetters} is negative or above 20
     */
    static SessionIdGenerator seedFormat(int maxExtraLetters) {
        return new SeedFormatSessionIdGenerator(maxExtraLetters);
    }
}
