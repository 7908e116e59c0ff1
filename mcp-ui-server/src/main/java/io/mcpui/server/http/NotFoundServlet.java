package io.mcpui.server.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The default servlet: a JSON 404 that points to the index. */
public final class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient JsonResponses responses;

    public NotFoundServlet(JsonResponses responses) {
        this.responses = responses;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.error(
                response,
                HttpServletResponse.SC_NOT_FOUND,
                "Nothing at " + request.getRequestURI() + "; GET / lists the endpoints");
    }
}
