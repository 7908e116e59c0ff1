package io.mcpui.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Protects an endpoint from DNS rebinding and from other sites' pages: a request whose {@code
 * Host} is not one of the server's names is answered 421, one from a browser page of a foreign
 * {@code Origin} 403. Requests without {@code Origin} (not from a browser page) pass.
 */
public final class HostOriginFilter implements Filter {

    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;
    private final JsonResponses responses;

    /** @param allowedHosts {@code host:port} values, lowercase */
    public HostOriginFilter(Set<String> allowedHosts, Set<String> allowedOrigins, JsonResponses responses) {
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.responses = responses;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String host = http.getHeader("Host");
        if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            responses.refuse(
                    (HttpServletResponse) response,
                    421,
                    "This server does not answer to the host name " + host + "; use its configured --public-url");
            return;
        }
        String origin = http.getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            responses.refuse(
                    (HttpServletResponse) response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "Pages of origin " + origin + " may not call this endpoint; see --allowed-origins");
            return;
        }
        chain.doFilter(request, response);
    }
}
