/**
 * A cluster {@link io.mcpui.connection.spi.Backplane} on Redis: {@link
 * io.mcpui.connection.redis.RedisBackplane} lets any node reach any session.
 */
@NullMarked
package io.mcpui.connection.redis;

import org.jspecify.annotations.NullMarked;
