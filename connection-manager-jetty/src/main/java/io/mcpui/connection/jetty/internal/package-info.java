/** The adapter's implementation. Not an API: anything here may change in any release. */
@NullMarked
package io.mcpui.connection.jetty.internal;

import org.jspecify.annotations.NullMarked;
