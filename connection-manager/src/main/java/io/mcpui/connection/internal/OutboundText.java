package io.mcpui.connection.internal;

import io.mcpui.connection.JsonText;
import io.mcpui.connection.spi.JsonCodec;
import java.util.Map;

/**
 * The JSON text of outbound messages. A message is encoded once; the fields the manager adds
 * ({@code seq}, {@code request_id}) are spliced in after its last field, without building a
 * tree, so every node and connection shares one encoding.
 */
final class OutboundText {

    /** The field that numbers a session's messages. */
    static final String SEQ = "seq";

    /** The field that correlates a request with its reply. */
    static final String REQUEST_ID = "request_id";

    private OutboundText() {}

    /**
     * Encodes {@code message}, refusing the fields the manager sets itself: a caller's own value
     * would otherwise be silently replaced.
     *
     * @throws IllegalArgumentException if it does not encode to a JSON object, or has a field
     *     named in {@code reserved}
     */
    static String encode(JsonCodec codec, Object message, String... reserved) {
        String text = message instanceof JsonText json ? json.text() : codec.encode(message);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new IllegalArgumentException("The JSON codec encoded a message as something else than an object");
        }
        for (String field : reserved) {
            // A map says at once; anything else is checked on its text.
            boolean present = message instanceof Map<?, ?> map ? map.containsKey(field) : hasTopLevelField(text, field);
            if (present) {
                throw new IllegalArgumentException("The message has its own \"" + field
                        + "\" field, which the connection manager sets itself; rename the field");
            }
        }
        return text;
    }

    /** {@code text} with {@code "seq":seq} as its last field. */
    static String withSeq(String text, long seq) {
        return append(text, "\"" + SEQ + "\":" + seq);
    }

    /** {@code text} with {@code "request_id":"id"} as its last field; ids need no escaping. */
    static String withRequestId(String text, String requestId) {
        return append(text, "\"" + REQUEST_ID + "\":\"" + requestId + "\"");
    }

    /** The message that tells a page its request {@code requestId} was cancelled. */
    static String cancel(String requestId) {
        return "{\"type\":\"cancel\",\"" + REQUEST_ID + "\":\"" + requestId + "\"}";
    }

    /** The message that tells a resuming page to continue after {@code seq}. */
    static String resync(long seq) {
        return "{\"type\":\"resync\",\"" + SEQ + "\":" + seq + "}";
    }

    private static String append(String object, String member) {
        int last = object.lastIndexOf('}') - 1;
        while (last > 0 && Character.isWhitespace(object.charAt(last))) {
            last--;
        }
        boolean empty = object.charAt(last) == '{';
        return new StringBuilder(last + member.length() + 3)
                .append(object, 0, last + 1)
                .append(empty ? "" : ",")
                .append(member)
                .append('}')
                .toString();
    }

    /** Whether the JSON object {@code json} has a member {@code name} at its top level. */
    static boolean hasTopLevelField(String json, String name) {
        int depth = 0;
        boolean keyNext = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '"' -> {
                    int end = endOfString(json, i);
                    if (depth == 1 && keyNext && keyEquals(json, i + 1, end, name)) {
                        return true;
                    }
                    keyNext = false;
                    i = end;
                }
                case '{', '[' -> {
                    depth++;
                    keyNext = c == '{' && depth == 1;
                }
                case '}', ']' -> depth--;
                case ',' -> keyNext = depth == 1;
                default -> {
                    // white space, ':' and the characters of numbers and literals
                }
            }
        }
        return false;
    }

    /** The index of the quote that closes the string opening at {@code start}. */
    private static int endOfString(String json, int start) {
        int i = start + 1;
        while (i < json.length() && json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    private static boolean keyEquals(String json, int from, int to, String name) {
        String raw = json.substring(from, Math.min(to, json.length()));
        return raw.indexOf('\\') < 0 ? raw.equals(name) : unescape(raw).equals(name);
    }

    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char escaped = raw.charAt(++i);
            switch (escaped) {
                case 'u' -> {
                    if (i + 4 < raw.length()) {
                        out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }
}
