package io.mcpui.server.mcp;

import java.time.Duration;

/**
 * The tool calls running on this server, so that a server that stops lets them finish first (the
 * pages they wait for are still connected) and refuses new ones meanwhile. Thread-safe.
 */
final class RunningCalls {

    private int running;
    private boolean draining;

    /** Counts a call in; {@code false} if the server is stopping and takes no new calls. */
    synchronized boolean start() {
        if (draining) {
            return false;
        }
        running++;
        return true;
    }

    synchronized void finished() {
        running--;
        notifyAll();
    }

    /**
     * Takes no new calls from now on, and waits up to {@code timeout} for the running ones.
     *
     * @return how many still run when it gives up (they fail when the pages close)
     */
    synchronized int drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (running > 0 && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return running;
    }
}
