package org.portaudit.scanner.engine;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Models each target's ICMP error budget (Linux: a burst of 6, then about 1 per second per
 * destination) and, when pacing is on, spaces UDP datagrams to a host to fit it, so that a closed
 * port's ICMP port unreachable is not suppressed. Different hosts do not wait for each other.
 * Thread-safe. Buckets of hosts that have been quiet long enough to be full again are evicted.
 */
final class HostPacer {
    /** The decision for one datagram: wait this long; will it be within the host's ICMP budget. */
    record Slot(long delayNanos, boolean withinBudget) {
    }

    private final boolean pace;
    private final int burst;
    private final double perSecond;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, TokenBucket> hosts = new ConcurrentHashMap<>();

    HostPacer(boolean pace, int burst, double perSecond, LongSupplier nanoClock) {
        this.pace = pace;
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Books one datagram to {@code host}. */
    Slot book(InetAddress host) {
        long[] delay = new long[1];
        boolean[] within = new boolean[1];
        hosts.compute(host, (h, bucket) -> {
            TokenBucket b = bucket != null ? bucket : new TokenBucket(perSecond, burst, nanoClock);
            if (pace) {
                delay[0] = b.reserve();
                within[0] = true;
            } else {
                within[0] = b.tryTake() == 0;
            }
            return b;
        });
        return new Slot(delay[0], within[0]);
    }

    /** Forgets hosts whose bucket is full again. Returns how many are still tracked. */
    int evictIdle() {
        for (InetAddress h : hosts.keySet()) {
            hosts.computeIfPresent(h, (k, b) -> b.isFull() ? null : b);
        }
        return hosts.size();
    }
}
