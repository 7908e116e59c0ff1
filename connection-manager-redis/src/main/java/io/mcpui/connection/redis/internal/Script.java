package io.mcpui.connection.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** The script in the resource {@code name} next to this class. */
    public static Script load(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing Lua script " + name + " next to " + Script.class.getName());
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
