package io.mcpui.connection.spi;

/**
 * How far a message to a session got: whether a node holds the session at all, and how many of
 * its connections the message was handed to ({@code 0} while the session waits to resume).
 * Immutable.
 *
 * @param held whether the session exists there, live or waiting to resume
 * @param connections how many connections took the message
 */
public record Reach(boolean held, int connections) {

    /** Nobody there holds the session; nothing was sent. */
    public static final Reach NOT_HELD = new Reach(false, 0);

    /** @throws IllegalArgumentException if {@code connections} is negative, or positive when not held */
    public Reach {
        if (connections < 0 || (!held && connections > 0)) {
            throw new IllegalArgumentException("a reach of " + connections + " connections, held=" + held);
        }
    }

    /** The session is held, and {@code connections} connections took the message. */
    public static Reach held(int connections) {
        return new Reach(true, connections);
    }

    /** Both reaches together: held if either holds it, their connections summed. */
    public Reach plus(Reach other) {
        return new Reach(held || other.held, connections + other.connections);
    }
}
