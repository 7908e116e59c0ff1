/**
 * The one table of failures: what each failure of a tool or an admin request means as an HTTP
 * status, a metrics outcome, and a message for an assistant or an HTTP caller.
 */
@NullMarked
package io.mcpui.server.failure;

import org.jspecify.annotations.NullMarked;
