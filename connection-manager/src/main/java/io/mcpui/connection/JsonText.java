package io.mcpui.connection;

import java.util.Objects;

/**
 * A message that is JSON text already: one JSON object, as a server relays it from its caller.
 * Sent as it is, with the fields the manager sets ({@code seq}, {@code request_id}) spliced in,
 * instead of being decoded and encoded again. Immutable.
 */
public final class JsonText {

    /** Deeper nesting is refused, as JSON parsers do, so that checking cannot exhaust the stack. */
    private static final int MAX_DEPTH = 500;

    private final String text;

    private JsonText(String text) {
        this.text = text;
    }

    /**
     * The JSON object in {@code text} (RFC 8259), checked character by character; nothing is
     * built, so checking costs about as much as reading it once.
     *
     * @throws IllegalArgumentException if {@code text} is not exactly one JSON object
     */
    public static JsonText of(String text) {
        String trimmed = Objects.requireNonNull(text, "text").strip();
        Checker checker = new Checker(trimmed);
        if (!trimmed.startsWith("{") || !checker.value(0) || checker.skipSpace() != trimmed.length()) {
            throw new IllegalArgumentException("Not one JSON object: " + abbreviated(trimmed));
        }
        return new JsonText(trimmed);
    }

    /** The object's text. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonText json && json.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** A recursive-descent check of JSON's grammar over a string. */
    private static final class Checker {
        private final String s;
        private int i;

        Checker(String s) {
            this.s = s;
        }

        int skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    break;
                }
                i++;
            }
            return i;
        }

        boolean value(int depth) {
            if (depth > MAX_DEPTH || skipSpace() >= s.length()) {
                return false;
            }
            return switch (s.charAt(i)) {
                case '{' -> members(depth + 1);
                case '[' -> elements(depth + 1);
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            };
        }

        private boolean members(int depth) {
            i++; // {
            if (skipSpace() < s.length() && s.charAt(i) == '}') {
                i++;
                return true;
            }
            while (true) {
                if (skipSpace() >= s.length() || s.charAt(i) != '"' || !string()) {
                    return false;
                }
                if (skipSpace() >= s.length() || s.charAt(i) != ':') {
                    return false;
                }
                i++;
                if (!value(depth) || skipSpace() >= s.length()) {
                    return false;
                }
                char c = s.charAt(i++);
                if (c == '}') {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
            }
        }

        private boolean elements(int depth) {
            i++; // [
            if (skipSpace() < s.length() && s.charAt(i) == ']') {
                i++;
                return true;
            }
            while (true) {
                if (!value(depth) || skipSpace() >= s.length()) {
                    return false;
                }
                char c = s.charAt(i++);
                if (c == ']') {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
            }
        }

        private boolean string() {
            i++; // "
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return true;
                }
                if (c < 0x20) {
                    return false; // control characters must be escaped
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        return false;
                    }
                    char escaped = s.charAt(i++);
                    if (escaped == 'u') {
                        for (int end = i + 4; i < end; i++) {
                            if (i >= s.length() || Character.digit(s.charAt(i), 16) < 0) {
                                return false;
                            }
                        }
                    } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                        return false;
                    }
                }
            }
            return false;
        }

        private boolean literal(String word) {
            if (!s.startsWith(word, i)) {
                return false;
            }
            i += word.length();
            return true;
        }

        private boolean number() {
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '0') {
                i++;
            } else if (digits() == 0) {
                return false;
            }
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                if (digits() == 0) {
                    return false;
                }
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    i++;
                }
                return digits() > 0;
            }
            return true;
        }

        private int digits() {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            return i - start;
        }
    }
}
