/**
 * The built-in button-state app: a page of toggle buttons whose state an assistant reads with
 * {@code get_page_data}, and the connected sessions it lists with {@code get_connection_status}.
 */
@NullMarked
package io.mcpui.server.builtin.button;

import org.jspecify.annotations.NullMarked;
