package io.mcpui.server.admin;

import io.mcpui.server.http.ClasspathText;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /admin}: the operator's page. It holds no data (it reads {@code /admin/events},
 * which the auth token guards), so it is served to anyone who can reach the server.
 */
public final class AdminPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] page;

    public AdminPageServlet() {
        page = ClasspathText.read("admin/admin.html").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'"); // not in a frame: clickjacking
        response.getOutputStream().write(page);
    }
}
