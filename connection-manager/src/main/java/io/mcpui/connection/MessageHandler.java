package io.mcpui.connection;

/**
 * Handles inbound messages of one {@code type}, registered with {@link
 * ConnectionManager#onMessage(String, MessageHandler)}.
 *
 * <p>Called on the transport thread that read the message; never concurrently for the same
 * connection, but concurrently for different connections. The connection reads nothing else
 * until this returns, so hand long work to another executor. An exception thrown here is logged
 * and counted; the connection stays open.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(InboundMessage message);
}
