package io.mcpui.connection.internal;

import io.mcpui.connection.CloseCodes;
import io.mcpui.connection.Connection;
import io.mcpui.connection.ConnectionManagerOptions;
import io.mcpui.connection.DeliveryPolicy;
import io.mcpui.connection.OverflowPolicy;
import io.mcpui.connection.spi.Scheduler;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands encoded messages to connections' outbound queues, applies the delivery and overflow
 * policies, and gives up on connections that cannot keep up or whose sends fail.
 *
 * <p>A connection given up on is closed at once but unregistered by the caller: code that holds a
 * session's lock passes a list, and unregisters the overflowed peers after releasing the lock, so
 * that listeners and failing requests never run under it.
 */
final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final ConnectionManagerOptions options;
    private final Counters counters;
    private final Consumer<Connection> disconnect;
    private final Scheduler scheduler;

    /**
     * @param disconnect unregisters a connection that was given up on
     * @param scheduler runs the disconnect of a connection whose send failed: a send can fail
     *     inline, under a session's lock, where listeners must not run
     */
    Delivery(
            ConnectionManagerOptions options, Counters counters, Consumer<Connection> disconnect, Scheduler scheduler) {
        this.options = options;
        this.counters = counters;
        this.disconnect = disconnect;
        this.scheduler = scheduler;
    }

    /** A queue for a new connection, bounded by the options. */
    OutboundQueue newQueue(Connection connection) {
        return new OutboundQueue(connection, options.maxQueuedMessages(), options.maxQueuedBytes(), cause -> {
            counters.sendFailures.increment();
            log.debug("Send to connection {} failed; disconnecting it", connection.id(), cause);
            connection.close(CloseCodes.SERVER_ERROR, "send failed");
            scheduler.schedule(() -> disconnect.accept(connection), Duration.ZERO);
        });
    }

    /**
     * Queues {@code text} to a session's connections per the delivery policy; returns how many
     * took it. Peers closed for overflowing go to {@code overflowed}.
     */
    int toSession(Peer[] peers, String text, List<Peer> overflowed) {
        if (peers.length == 0) {
            return 0;
        }
        if (options.deliveryPolicy() == DeliveryPolicy.NEWEST_CONNECTION) {
            return offer(peers[peers.length - 1], text, overflowed) ? 1 : 0;
        }
        int reached = 0;
        for (Peer peer : peers) {
            if (offer(peer, text, overflowed)) {
                reached++;
            }
        }
        return reached;
    }

    /** Unregisters the peers closed for overflowing; call holding no session's lock. */
    void forget(List<Peer> overflowed) {
        for (Peer peer : overflowed) {
            disconnect.accept(peer.connection);
        }
    }

    /** Queues {@code text} to every given connection; returns how many took it. */
    int toAll(Collection<Peer> peers, String text) {
        int reached = 0;
        for (Peer peer : peers) {
            if (offer(peer, text, null)) {
                reached++;
            }
        }
        return reached;
    }

    /**
     * Queues {@code text} to one connection; {@code false} if it was dropped. A peer closed for
     * overflowing goes to {@code overflowed}, or is unregistered at once when that is null.
     */
    boolean offer(Peer peer, String text, @Nullable List<Peer> overflowed) {
        OutboundQueue.Offer offer = peer.queue.offer(text);
        if (offer == OutboundQueue.Offer.QUEUED) {
            counters.messagesQueued.increment();
            return true;
        }
        counters.messagesDropped.increment();
        if (offer == OutboundQueue.Offer.FULL && options.overflowPolicy() == OverflowPolicy.CLOSE_CONNECTION) {
            closeSlow(peer, overflowed);
        }
        return false;
    }

    private void closeSlow(Peer peer, @Nullable List<Peer> overflowed) {
        counters.slowConnectionsClosed.increment();
        log.info(
                "Closing connection {} of session {}: its outbound queue overflowed",
                peer.connection.id(),
                peer.sessionId);
        peer.queue.close();
        peer.connection.close(
                CloseCodes.POLICY_VIOLATION, "outbound queue overflow: the page did not read its messages");
        if (overflowed != null) {
            overflowed.add(peer);
        } else {
            disconnect.accept(peer.connection);
        }
    }
}
