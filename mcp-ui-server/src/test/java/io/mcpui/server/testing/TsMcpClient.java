package io.mcpui.server.testing;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP TypeScript client ({@code @modelcontextprotocol/client} 2.4.0, from npm), run
 * by the Node driver: connected to one server in one version-negotiation mode.
 */
public final class TsMcpClient implements AutoCloseable {

    /** How the client picks the protocol revision. */
    public enum Mode {
        /** {@code initialize}, a 2025 revision. */
        LEGACY("legacy"),
        /** {@code server/discover} first, 2026-07-28 if the server offers it, else legacy. */
        AUTO("auto"),
        /** 2026-07-28 or nothing. */
        PIN_2026("pin");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }
    }

    private final NodeDriver driver;
    private final int id;
    private final @Nullable String protocolVersion;

    private TsMcpClient(NodeDriver driver, int id, @Nullable String protocolVersion) {
        this.driver = driver;
        this.id = id;
        this.protocolVersion = protocolVersion;
    }

    /** Connects to {@code url}; with {@code alternateWith}, every other request goes to those URLs' hosts. */
    public static TsMcpClient connect(NodeDriver driver, String url, Mode mode, String... alternateWith)
            throws Exception {
        Map<String, Object> command =
                new java.util.LinkedHashMap<>(Map.of("cmd", "mcpConnect", "url", url, "mode", mode.wire));
        if (alternateWith.length > 0) {
            command.put("alternateWith", List.of(alternateWith));
        }
        JsonNode connected = driver.call(command);
        JsonNode version = connected.get("protocolVersion");
        return new TsMcpClient(driver, connected.get("client").asInt(), version.isNull() ? null : version.asString());
    }

    /** The revision the client and server agreed on. */
    public @Nullable String protocolVersion() {
        return protocolVersion;
    }

    /** The names of the tools listed. */
    public List<String> toolNames() throws Exception {
        JsonNode tools = driver.call(Map.of("cmd", "mcpListTools", "client", id));
        return tools.valueStream().map(tool -> tool.get("name").asString()).toList();
    }

    /** Calls a tool and waits for its result ({@code result}) and the progress it heard ({@code progress}). */
    public JsonNode call(String tool, Map<String, Object> arguments, boolean progress) throws Exception {
        return driver.call(
                Map.of("cmd", "mcpCall", "client", id, "tool", tool, "args", arguments, "progress", progress));
    }

    /** Starts a call without waiting; returns its handle for {@link #abort(int)}. */
    public int startCall(String tool, Map<String, Object> arguments) throws Exception {
        return driver.call(Map.of("cmd", "mcpStartCall", "client", id, "tool", tool, "args", arguments))
                .asInt();
    }

    /** The progress notifications a started call heard so far. */
    public JsonNode progressOf(int call) throws Exception {
        return driver.call(Map.of("cmd", "mcpCallProgress", "call", call));
    }

    /** Gives up on a started call, as a user pressing stop; returns how it ended for the client. */
    public JsonNode abort(int call) throws Exception {
        return driver.call(Map.of("cmd", "mcpAbort", "call", call));
    }

    /** How many requests each server host received (with {@code alternateWith}). */
    public JsonNode requestCounts() throws Exception {
        return driver.call(Map.of("cmd", "mcpRequestCounts", "client", id));
    }

    @Override
    public void close() throws Exception {
        driver.call(Map.of("cmd", "mcpClose", "client", id));
    }
}
