/**
 * A session-aware WebSocket connection manager.
 *
 * <p>Browser pages connect with a short session id such as {@code abc7}; the server sends to
 * one session, to everyone, or asks a page and waits for its reply. {@link
 * io.mcpui.connection.ConnectionManager} is the entry point; transports (the Jetty adapter) and
 * cluster backplanes (Redis) plug in through {@link io.mcpui.connection.Connection} and the
 * {@link io.mcpui.connection.spi} package. Nothing here depends on a web framework.
 */
@NullMarked
package io.mcpui.connection;

import org.jspecify.annotations.NullMarked;
