package io.mcpui.server.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Answers {@code GET} with a JSON body computed per request: the index ({@code /}) and {@code
 * /health}.
 */
public final class JsonServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<Object> body;
    private final transient JsonResponses responses;

    public JsonServlet(Supplier<Object> body, JsonResponses responses) {
        this.body = body;
        this.responses = responses;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(response, HttpServletResponse.SC_OK, body.get());
    }
}
