package io.mcpui.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lets browser pages of the given origins read the responses (CORS): a chat host running in a
 * browser calls MCP from its own origin, and a chat host's sandboxed view loads the Strudel editor
 * from {@code /vendor/}. Answers preflight requests ({@code OPTIONS}) itself, before any other
 * filter asks for credentials a preflight never carries. Origins not listed get no CORS headers,
 * so their pages cannot read the responses.
 */
public final class CorsFilter implements Filter {

    private final @Nullable Set<String> origins;

    private CorsFilter(@Nullable Set<String> origins) {
        this.origins = origins == null ? null : Set.copyOf(origins);
    }

    /** For the server's own and configured origins only (MCP). */
    public static CorsFilter forOrigins(Set<String> origins) {
        return new CorsFilter(origins);
    }

    /** For any origin: public files. */
    public static CorsFilter forAnyOrigin() {
        return new CorsFilter(null);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        String origin = http.getHeader("Origin");
        if (origin == null || (origins != null && !origins.contains(origin))) {
            chain.doFilter(request, response);
            return;
        }
        answer.setHeader("Access-Control-Allow-Origin", origins == null ? "*" : origin);
        answer.addHeader("Vary", "Origin");
        answer.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version");
        if ("OPTIONS".equals(http.getMethod()) && http.getHeader("Access-Control-Request-Method") != null) {
            answer.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
            String headers = http.getHeader("Access-Control-Request-Headers");
            if (headers != null) {
                answer.setHeader("Access-Control-Allow-Headers", headers);
            }
            answer.setHeader("Access-Control-Max-Age", "600");
            answer.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }
}
