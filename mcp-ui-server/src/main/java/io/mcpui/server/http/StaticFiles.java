package io.mcpui.server.http;

import org.eclipse.jetty.ee11.servlet.ResourceServlet;
import org.eclipse.jetty.ee11.servlet.ServletHolder;

/** Servlets that serve a directory's files, without listings. */
public final class StaticFiles {

    private StaticFiles() {}

    /** Serves the files under {@code baseResource} (a URL of a directory). */
    public static ServletHolder servlet(String name, String baseResource) {
        ServletHolder holder = new ServletHolder(name, ResourceServlet.class);
        holder.setInitParameter("baseResource", baseResource);
        holder.setInitParameter("pathInfoOnly", "true");
        holder.setInitParameter("dirAllowed", "false");
        return holder;
    }

    /** Serves a directory of the server's class path. */
    public static ServletHolder classpathServlet(String name, String directory) {
        var url = StaticFiles.class.getClassLoader().getResource(directory + "/");
        if (url == null) {
            throw new IllegalStateException("The classpath lacks the directory " + directory + "/");
        }
        return servlet(name, url.toExternalForm());
    }
}
