package io.mcpui.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens that prove a session id was issued by this server (or by any server
 * sharing the secret). A page gets its id with a token; a WebSocket handshake that presents an id
 * without a valid token for it can be refused before the upgrade, so ids cannot be guessed or
 * chosen.
 *
 * <p>A token is the expiry time and an HMAC-SHA256 of the id and that time (truncated to 128
 * bits), base64url-encoded. A token issued for an in-chat view ({@link #issueForView}) is signed
 * with a different domain separator: it opens the same session, and it also vouches for a
 * connection from an origin the server cannot know in advance (the chat host's sandbox), which a
 * page's token does not. Thread-safe.
 */
public final class SessionTokens {

    /** Default token lifetime: 24 hours, longer than a page is usually kept open. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

    /** The fewest secret bytes accepted: 32. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 16;

    /** Domain separators between the id and the expiry in the MAC: a page's token, a view's. */
    private static final byte PAGE = 0;

    private static final byte VIEW = 1;

    /** The outcome of {@link #check}. */
    public enum Verdict {
        VALID,
        EXPIRED,
        INVALID
    }

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException if the secret is shorter than {@link #MIN_SECRET_BYTES} or
     *     the lifetime is not positive
     */
    public SessionTokens(byte[] secret, Duration lifetime, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "The session secret must have at least " + MIN_SECRET_BYTES + " bytes, had " + secret.length);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("The token lifetime must be positive, was " + lifetime);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Tokens signed with a secret made now at random: they stop working when the process ends. */
    public static SessionTokens withRandomSecret(Duration lifetime) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return new SessionTokens(secret, lifetime, Clock.systemUTC());
    }

    /**
     * Tokens signed with a configured secret (UTF-8), so that they survive restarts and every
     * node of a cluster accepts them.
     *
     * @throws IllegalArgumentException if the secret has fewer than 32 bytes
     */
    public static SessionTokens withSecret(String secret, Duration lifetime) {
        return new SessionTokens(secret.getBytes(StandardCharsets.UTF_8), lifetime, Clock.systemUTC());
    }

    /** A page's token for {@code sessionId}, valid for the lifetime from now. */
    public String issue(String sessionId) {
        return issue(sessionId, PAGE);
    }

    /**
     * An in-chat view's token for {@code sessionId}, valid for the lifetime from now: as a page's,
     * and {@link #isViewToken} says so.
     */
    public String issueForView(String sessionId) {
        return issue(sessionId, VIEW);
    }

    /** Whether {@code token} is a valid, unexpired view token for {@code sessionId}. */
    public boolean isViewToken(String sessionId, String token) {
        return check(sessionId, token, VIEW) == Verdict.VALID;
    }

    /** Whether {@code token} was issued for {@code sessionId} (for a page or a view) and has not expired. */
    public Verdict check(String sessionId, String token) {
        Verdict asPage = check(sessionId, token, PAGE);
        return asPage == Verdict.INVALID ? check(sessionId, token, VIEW) : asPage;
    }

    private String issue(String sessionId, byte kind) {
        long expiresAt = clock.instant().plus(lifetime).getEpochSecond();
        byte[] token = ByteBuffer.allocate(Long.BYTES + MAC_BYTES)
                .putLong(expiresAt)
                .put(mac(sessionId, expiresAt, kind))
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private Verdict check(String sessionId, String token, byte kind) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (bytes.length != Long.BYTES + MAC_BYTES) {
            return Verdict.INVALID;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long expiresAt = buffer.getLong();
        byte[] presented = Arrays.copyOfRange(bytes, Long.BYTES, bytes.length);
        if (!MessageDigest.isEqual(presented, mac(sessionId, expiresAt, kind))) {
            return Verdict.INVALID;
        }
        return clock.instant().isBefore(Instant.ofEpochSecond(expiresAt)) ? Verdict.VALID : Verdict.EXPIRED;
    }

    /** How long issued tokens stay valid. */
    public Duration lifetime() {
        return lifetime;
    }

    private byte[] mac(String sessionId, long expiresAt, byte kind) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(sessionId.getBytes(StandardCharsets.UTF_8));
            mac.update(kind);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(expiresAt).array());
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
