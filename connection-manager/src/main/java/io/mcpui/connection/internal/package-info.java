/**
 * The connection manager's implementation. Not an API: anything here may change in any release.
 * Public only so that the API package can reach it.
 */
@NullMarked
package io.mcpui.connection.internal;

import org.jspecify.annotations.NullMarked;
