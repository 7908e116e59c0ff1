package io.mcpui.connection;

/**
 * Completion of one {@link Connection#sendText(String, SendCallback)}. Exactly one method is
 * called, once, on any thread.
 */
public interface SendCallback {

    /** The message was handed to the network. */
    void succeeded();

    /** The message could not be sent; the connection is unusable. */
    void failed(Throwable cause);
}
