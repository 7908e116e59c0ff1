/**
 * Pluggable parts of the connection manager: the cluster {@link
 * io.mcpui.connection.spi.Backplane}, the {@link io.mcpui.connection.spi.JsonCodec} and the
 * {@link io.mcpui.connection.spi.Scheduler} that supplies time. Applications rarely implement
 * these; adapters and tests do.
 */
@NullMarked
package io.mcpui.connection.spi;

import org.jspecify.annotations.NullMarked;
