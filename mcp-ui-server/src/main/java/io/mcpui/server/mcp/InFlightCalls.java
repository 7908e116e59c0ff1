package io.mcpui.server.mcp;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls running on the 2025 transports, by MCP session and JSON-RPC request id, so that
 * a {@code notifications/cancelled} from the client reaches its call. Thread-safe.
 */
final class InFlightCalls {

    private final ConcurrentHashMap<String, CallScope> calls = new ConcurrentHashMap<>();

    /** The key of a request: its MCP session and its JSON-RPC id as JSON text. */
    static String key(String mcpSession, String requestIdJson) {
        return mcpSession + " " + requestIdJson;
    }

    void add(String key, CallScope call) {
        calls.put(key, call);
    }

    void remove(String key, CallScope call) {
        calls.remove(key, call);
    }

    /** Cancels the call of {@code key}; {@code false} if none runs. */
    boolean cancel(String key) {
        CallScope call = calls.remove(key);
        if (call == null) {
            return false;
        }
        call.cancel();
        return true;
    }
}
