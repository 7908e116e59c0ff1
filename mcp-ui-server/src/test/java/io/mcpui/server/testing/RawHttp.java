package io.mcpui.server.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK client refuses to send (a forged {@code
 * Host} header, say).
 */
public final class RawHttp {

    /** A response's status code and its whole text (status line, headers, body). */
    public record Response(int status, String text) {}

    private RawHttp() {}

    /** Sends {@code headerLines} (each ending in CRLF) and {@code body}; reads until close. */
    public static Response send(URI server, String method, String path, String headerLines, String body)
            throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(UTF_8);
            String request = method + " " + path + " HTTP/1.1\r\n"
                    + headerLines
                    + "Content-Length: " + content.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(UTF_8));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Response(status, text);
        }
    }
}
