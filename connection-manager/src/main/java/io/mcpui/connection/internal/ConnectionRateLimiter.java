package io.mcpui.connection.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code burst} handshakes at once, then {@code perSecond} on
 * average. Buckets that filled up again are forgotten when many addresses are tracked, so memory
 * stays bounded by the addresses active within about {@code burst / perSecond} seconds.
 * Thread-safe.
 */
public final class ConnectionRateLimiter {

    private static final int FORGET_ABOVE = 10_000;

    private final double perNano;
    private final double burst;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    public ConnectionRateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    /** Takes a token for {@code address}; {@code false} if it has none left. */
    public boolean tryAcquire(InetAddress address, long now) {
        if (buckets.size() > FORGET_ABOVE) {
            forgetIdle(now);
        }
        boolean[] granted = {false};
        buckets.compute(address, (key, bucket) -> {
            Bucket current = bucket == null ? new Bucket(burst, now) : bucket;
            refill(current, now);
            if (current.tokens >= 1) {
                current.tokens -= 1;
                granted[0] = true;
            }
            return current;
        });
        return granted[0];
    }

    private void refill(Bucket bucket, long now) {
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
        bucket.refilledAt = now;
    }

    private void forgetIdle(long now) {
        // A stale read only forgets a bucket early: that address gets a fresh burst.
        buckets.values().removeIf(bucket -> bucket.tokens + (now - bucket.refilledAt) * perNano >= burst);
    }
}
