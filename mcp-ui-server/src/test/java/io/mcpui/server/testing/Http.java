package io.mcpui.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The JDK HTTP client as the tests use it: HTTP/1.1 and a bounded wait on every request. Extra
 * headers are name, value pairs; a pair whose value is {@code null} is left out.
 */
public final class Http {

    /** One client for every test (it also opens the fake pages' WebSockets). */
    public static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Http() {}

    /** {@code GET base + path}. */
    public static HttpResponse<String> get(URI base, String path, String... headers) throws Exception {
        return send(request(base, path, headers).GET());
    }

    /** {@code POST base + path} with a JSON {@code body}. */
    public static HttpResponse<String> post(URI base, String path, String body, String... headers) throws Exception {
        return send(request(base, path, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The status of {@code GET base + path}. */
    public static int status(URI base, String path) throws Exception {
        return get(base, path).statusCode();
    }

    /** A POST sent without waiting for its response (a request the test wants pending). */
    public static CompletableFuture<HttpResponse<String>> postAsync(URI base, String path, String body) {
        return CLIENT.sendAsync(
                request(base, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(URI base, String path, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("Headers come in name, value pairs");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
