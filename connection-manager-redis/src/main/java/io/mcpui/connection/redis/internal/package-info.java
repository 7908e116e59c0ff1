/** The Redis backplane's implementation. Not an API: anything here may change in any release. */
@NullMarked
package io.mcpui.connection.redis.internal;

import org.jspecify.annotations.NullMarked;
