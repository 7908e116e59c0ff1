/**
 * The servers the load generator compares, all on the same Jetty with the same control protocol:
 * {@code ours} (the connection manager), {@code bare} (Jetty with a map of sessions and direct
 * sends: the engine's limit) and {@code original} (a Java port of the original algorithm: one list,
 * sequential blocking sends).
 *
 * <p>Control protocol, over the same WebSocket the clients use ({@code /ws?session_id=...}): a
 * client sends {@code {"type":"relay","to":"<session>","t":<number>,"pad":"..."}} to have {@code
 * {"type":"m","t":...,"pad":...}} sent to that session, or {@code {"type":"broadcast","t":...,
 * "pad":...}} to have {@code {"type":"b",...}} sent to everyone. {@code GET /stats} answers the
 * connection count and the heap used after a full GC.
 */
package io.mcpui.bench.server;
