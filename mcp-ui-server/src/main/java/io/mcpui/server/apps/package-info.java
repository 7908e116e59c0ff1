/** The built-in apps: button state / page data, and Strudel live coding. */
@NullMarked
package io.mcpui.server.apps;

import org.jspecify.annotations.NullMarked;
