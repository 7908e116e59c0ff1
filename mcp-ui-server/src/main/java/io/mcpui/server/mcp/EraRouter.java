package io.mcpui.server.mcp;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One URL, both protocol eras: a 2026-07-28 request goes to the stateless server, anything else
 * ({@code initialize}, requests with an {@code Mcp-Session-Id}, the GET stream, DELETE) to the
 * 2025 Streamable HTTP server. Decided on headers alone, so the body is read once, by the server
 * that answers.
 */
final class EraRouter extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final HttpServlet modern;
    private final HttpServlet legacy;

    EraRouter(HttpServlet modern, HttpServlet legacy) {
        this.modern = modern;
        this.legacy = legacy;
    }

    /**
     * Whether a request speaks 2026-07-28 (or later): a POST without an MCP session that names
     * its method in {@code Mcp-Method}, which every such request does, or that names such a
     * revision in {@code MCP-Protocol-Version} (2025 clients send their own revision there).
     */
    static boolean isModern(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || request.getHeader("Mcp-Session-Id") != null) {
            return false;
        }
        String version = request.getHeader("MCP-Protocol-Version");
        return request.getHeader("Mcp-Method") != null
                || (version != null && version.compareTo(ModernEra.PROTOCOL_VERSION) >= 0);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        (isModern(request) ? modern : legacy).service(request, response);
    }

    @Override
    public void init() throws ServletException {
        modern.init(getServletConfig());
        legacy.init(getServletConfig());
    }

    @Override
    public void destroy() {
        modern.destroy();
        legacy.destroy();
    }
}
