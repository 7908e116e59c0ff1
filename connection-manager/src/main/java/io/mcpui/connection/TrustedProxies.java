package io.mcpui.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The proxies (load balancers) whose word a server takes for the client's address: behind them
 * every connection comes from a proxy, and the client's address is in the {@code Forwarded}
 * (RFC 7239) or {@code X-Forwarded-For} header the proxies append to. Those headers are believed
 * only as far back as the hops are trusted proxies, so a client cannot choose its address by
 * sending the header itself. Transport adapters use it for per-client limits and logs. Immutable.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of(), "");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Block> blocks;
    private final String text;

    private TrustedProxies(List<Block> blocks, String text) {
        this.blocks = List.copyOf(blocks);
        this.text = text;
    }

    /** No proxy is trusted: a connection's address is its peer's. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * The proxies in a comma-separated list of addresses and CIDR blocks, e.g. {@code
     * 10.0.0.0/8, 192.168.1.5, fd00::/8}; blank: none.
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address or CIDR block
     */
    public static TrustedProxies parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : list.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                blocks.add(Block.parse(trimmed));
            }
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks, list.trim());
    }

    /** Whether {@code address} is one of the trusted proxies. */
    public boolean trusts(InetAddress address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address. The peer's, unless the peer is a trusted proxy: then the hops it
     * vouches for ({@code forwarded}'s {@code for=} values if present, else {@code xForwardedFor}'s),
     * read from the newest back, up to the first one that is not a trusted proxy. An unusable hop
     * (obfuscated, malformed) stops the walk at the last address that was vouched for.
     *
     * @param forwarded the {@code Forwarded} header's values, joined with commas; {@code null} if none
     * @param xForwardedFor the {@code X-Forwarded-For} header's values, joined with commas; {@code
     *     null} if none
     */
    public InetAddress clientAddress(InetAddress peer, @Nullable String forwarded, @Nullable String xForwardedFor) {
        if (blocks.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<String> hops =
                forwarded != null ? forwardedFor(forwarded) : xForwardedFor != null ? list(xForwardedFor) : List.of();
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusts(client); i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    /** The list as given; empty for none. */
    @Override
    public String toString() {
        return text;
    }

    private static List<String> list(String header) {
        return Arrays.stream(header.split(",")).map(String::trim).toList();
    }

    /** The {@code for=} value of each element of a {@code Forwarded} header, in order. */
    private static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",")) {
            String found = "";
            for (String pair : element.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase("for")) {
                    found = pair.substring(equals + 1).trim();
                }
            }
            hops.add(found);
        }
        return hops;
    }

    /**
     * The address of a literal as proxies write it ({@code 192.0.2.1}, {@code
     * "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}); {@code null} for anything else. Never a
     * name lookup.
     */
    private static @Nullable InetAddress literal(String hop) {
        String value = hop.startsWith("\"") && hop.endsWith("\"") && hop.length() > 1
                ? hop.substring(1, hop.length() - 1)
                : hop;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            value = close < 0 ? "" : value.substring(1, close);
        } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') > 0) {
            value = value.substring(0, value.indexOf(':')); // IPv4 with a port
        }
        boolean ipv4 = IPV4.matcher(value).matches();
        if (ipv4 && Arrays.stream(value.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            return null; // not a literal: the JDK would look it up as a name
        }
        if (!ipv4 && !IPV6.matcher(value).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(value); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block: the first {@code bits} bits of {@code prefix}. */
    private record Block(byte[] prefix, int bits) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress parsed = literal(address);
            if (parsed == null) {
                throw invalid(entry);
            }
            byte[] bytes = parsed.getAddress();
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw invalid(entry);
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw invalid(entry);
                }
            }
            return new Block(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (bytes[whole] & mask) == (prefix[whole] & mask);
        }

        private static IllegalArgumentException invalid(String entry) {
            return new IllegalArgumentException(
                    "'" + entry + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 192.168.1.5, fd00::/8)");
        }
    }
}
