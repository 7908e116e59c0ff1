/**
 * The built-in Strudel app: an assistant live-codes music in a page's Strudel editor ({@code
 * play_code}, {@code stop_play}) and hears back what it plays and how evaluation went.
 */
@NullMarked
package io.mcpui.server.builtin.strudel;

import org.jspecify.annotations.NullMarked;
