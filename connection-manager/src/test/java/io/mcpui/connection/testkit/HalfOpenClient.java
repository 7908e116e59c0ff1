package io.mcpui.connection.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer that completes the handshake and then goes silent: it never reads again and
 * never answers a ping, like a laptop that went to sleep with its TCP connection still open.
 */
public final class HalfOpenClient implements AutoCloseable {

    private final Socket socket;
    private final String handshakeResponse;

    private HalfOpenClient(URI uri, String extraHeaders) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n";
        socket.getOutputStream().write(request.getBytes(US_ASCII));
        socket.getOutputStream().flush();
        handshakeResponse = readHeaders(socket.getInputStream());
    }

    /** Handshakes with {@code uri} and returns once the server has answered the upgrade. */
    public static HalfOpenClient connect(URI uri) throws IOException {
        return new HalfOpenClient(uri, "");
    }

    /** Handshakes with extra request header lines, each ending in CRLF. */
    public static HalfOpenClient connect(URI uri, String extraHeaders) throws IOException {
        return new HalfOpenClient(uri, extraHeaders);
    }

    /** The server's response status line and headers. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(US_ASCII);
    }

    /**
     * Starts a masked text frame that announces {@code payloadLength} bytes, and sends the first
     * {@code sentBytes} of them; the rest never comes.
     */
    public void sendTextFrameStart(long payloadLength, int sentBytes) throws IOException {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81); // FIN, text
        frame.write(0x80 | 127); // masked, 64-bit length
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame.write((int) (payloadLength >>> shift) & 0xFF);
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < sentBytes; i++) {
            frame.write('x' ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Reads frames until the server's close frame, skipping pings; returns its close code. */
    public int readCloseCode() throws IOException {
        InputStream in = socket.getInputStream();
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                throw new IOException("The server closed the socket without a close frame");
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if ((first & 0x0F) == 0x8) {
                return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
