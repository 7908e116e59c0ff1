/**
 * The connection manager's implementation. Not an API: anything here may change in any release.
 * The module does not export it; some types are public only so that the API's static factories
 * ({@code Backplane.inProcess()}, {@code JsonCodec.jackson()}, ...) can reach them.
 */
@NullMarked
package io.mcpui.connection.internal;

import org.jspecify.annotations.NullMarked;
