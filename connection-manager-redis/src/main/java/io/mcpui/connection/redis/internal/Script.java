package io.mcpui.connection.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script with its SHA-1 digest, so that it is sent by digest ({@code EVALSHA}) and only
 * loaded when Redis does not know it. Immutable.
 *
 * @param body the Lua source
 * @param digest its SHA-1, in lower-case hex, as Redis names it
 */
public record Script(String body, String digest) {

    /** The script of {@code body}. */
    public static Script of(String body) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new Script(body, HexFormat.of().formatHex(sha1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-1", e);
        }
    }
}
