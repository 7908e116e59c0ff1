package io.mcpui.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; answers 401 with a
 * JSON error otherwise. The comparison takes the same time however much of the token matches.
 */
public final class BearerTokenFilter implements Filter {

    private final byte[] expected;
    private final JsonResponses responses;

    public BearerTokenFilter(String token, JsonResponses responses) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.responses = responses;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String presented = ((HttpServletRequest) request).getHeader("Authorization");
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("WWW-Authenticate", "Bearer realm=\"mcp-ui\"");
        responses.refuse(
                http,
                HttpServletResponse.SC_UNAUTHORIZED,
                presented == null
                        ? "This endpoint needs the header Authorization: Bearer <the server's --auth-token>"
                        : "The bearer token is not the server's --auth-token");
    }
}
