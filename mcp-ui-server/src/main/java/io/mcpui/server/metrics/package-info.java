/** Prometheus metrics of the unified server, through Micrometer. */
@NullMarked
package io.mcpui.server.metrics;

import org.jspecify.annotations.NullMarked;
