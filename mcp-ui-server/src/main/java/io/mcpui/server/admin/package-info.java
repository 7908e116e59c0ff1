/**
 * The operator's page at {@code /admin}: a live view of the apps, their sessions by node, their
 * counters and the recent errors, sent once a second as server-sent events.
 */
@NullMarked
package io.mcpui.server.admin;

import org.jspecify.annotations.NullMarked;
