package io.mcpui.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text resources (pages, scripts, style sheets), read from a class path. */
public final class ClasspathText {

    private ClasspathText() {}

    /**
     * The UTF-8 text of {@code resource} (a class path name such as {@code static/mcp-ui.css}) on
     * the server's class path.
     *
     * @throws IllegalStateException if it is not on the class path: the jar is incomplete
     */
    public static String read(String resource) {
        return read(ClasspathText.class.getClassLoader(), resource);
    }

    /**
     * As {@link #read(String)}, from {@code loader}'s class path (an app's own jar).
     *
     * @throws IllegalStateException if it is not there
     */
    public static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
