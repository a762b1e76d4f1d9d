package org.portaudit.scanner.engine;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the engine knows about each target host while it probes it: its round trip (which sets the
 * connect and datagram timeouts) and its ICMP error budget (Linux: a burst of 6, then about 1 per
 * second per destination), counted from the ICMP errors that actually come back.
 *
 * <p>UDP by evidence: first tries go out at once. A host spends its budget only on closed ports, so
 * a silent port is suspect only when the host could have run out: when as many ICMP errors came
 * back as the budget holds (the modelled bucket went below one token) since its try was sent. Only
 * then is its retry paced to the budget (booked ahead in the bucket, so retries of one host are a
 * budget's pace apart); otherwise it is retried at once. Different hosts never wait for each other.
 *
 * <p>Thread-safe: a host's probes run on several event loops. Hosts untouched for {@link #IDLE_NANOS}
 * whose budget is full again are evicted, so the state is bounded by the hosts being probed.
 */
final class HostPacer {
    static final long IDLE_NANOS = 30_000_000_000L;

    /** The decision for the retry of a silent try: wait this long; is it booked within the budget. */
    record Retry(long delayNanos, boolean paced) {
    }

    private final boolean pace;
    private final int burst;
    private final double perSecond;
    private final long floorNanos;
    private final long ceilingNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Host> hosts = new ConcurrentHashMap<>();
    /** Every host's kernel answers together: the prior for a host that has not answered yet (as nmap's group timing). */
    private final RttEstimator all;

    HostPacer(boolean pace, int burst, double perSecond, long floorNanos, long ceilingNanos, LongSupplier nanoClock) {
        this.pace = pace;
        this.burst = burst;
        this.perSecond = perSecond;
        this.ceilingNanos = ceilingNanos;
        this.floorNanos = Math.min(floorNanos, ceilingNanos);
        this.nanoClock = nanoClock;
        this.all = new RttEstimator(this.floorNanos, ceilingNanos);
    }

    /** The host's state, made on first use. */
    Host host(InetAddress address) {
        Host h = hosts.get(address);
        if (h == null) {
            h = hosts.computeIfAbsent(address, a -> new Host());
        }
        h.lastUse = nanoClock.getAsLong();
        return h;
    }

    /** The smoothed round trip of {@code address} in nanos, -1 when unknown (or forgotten). */
    long srttNanos(InetAddress address) {
        Host h = hosts.get(address);
        return h == null ? -1 : h.transport.srttNanos();
    }

    long floorNanos() {
        return floorNanos;
    }

    long ceilingNanos() {
        return ceilingNanos;
    }

    /** Forgets hosts that have been idle a while and whose budget is full again. Returns how many are still tracked. */
    int evictIdle() {
        long now = nanoClock.getAsLong();
        for (InetAddress a : hosts.keySet()) {
            hosts.computeIfPresent(a, (k, h) -> now - h.lastUse >= IDLE_NANOS && h.icmp.isFull() ? null : h);
        }
        return hosts.size();
    }

    /** The shortest wait of a UDP request's first try: services answer later than kernels (a DNS lookup, a KDC). */
    static final long SERVICE_FLOOR_NANOS = 250_000_000L;

    /** One host. */
    final class Host {
        /** Kernel answers: SYN-ACK, RST, ICMP errors. */
        final RttEstimator transport = new RttEstimator(floorNanos, ceilingNanos);
        /** Application answers to UDP requests (a DNS, Kerberos or CLDAP server takes longer than a kernel). */
        final RttEstimator service = new RttEstimator(floorNanos, ceilingNanos);
        private final TokenBucket icmp = new TokenBucket(perSecond, burst, nanoClock);
        private long spentAt = Long.MIN_VALUE;
        private long overdrawnAt = Long.MIN_VALUE;
        private long errorsSeen;
        volatile long lastUse;

        /**
         * How long try {@code attempt} of a TCP connect (or of an empty datagram, answered by the
         * kernel) waits: the host's own timeout once it has answered; before that the first try waits
         * what the other hosts of the run need and a retry the ceiling, so that a host slower than
         * the rest costs a retry, never a wrong verdict.
         */
        long connectTimeoutNanos(int attempt) {
            if (transport.hasSamples() || attempt > 1 || !all.hasSamples()) {
                return transport.timeoutNanos();
            }
            return all.timeoutNanos();
        }

        /** A kernel answer's round trip (SYN-ACK, RST, ICMP error): this host's and the run's. */
        void sampleTransport(long rttNanos) {
            transport.sample(rttNanos);
            all.sample(rttNanos);
        }

        /**
         * How long a UDP request waits for its service's reply: the host's service time once one of its services
         * answered. Before that the last try waits the ceiling, and an earlier try the kernel's round trip to the
         * host (its own, else the run's) but at least {@link #SERVICE_FLOOR_NANOS}: a late answer to it still
         * counts while the last try waits (the request, and so its ID, is the same), so a slow service costs a
         * retry, never a verdict, and a silent host of the kind a firewall makes costs one short wait, not two long.
         */
        long replyTimeoutNanos(boolean lastTry) {
            if (service.hasSamples()) {
                return service.timeoutNanos();
            }
            RttEstimator kernel = transport.hasSamples() ? transport : all.hasSamples() ? all : null;
            if (lastTry || kernel == null) {
                return ceilingNanos;
            }
            return Math.min(ceilingNanos, Math.max(SERVICE_FLOOR_NANOS, kernel.timeoutNanos()));
        }

        /** An ICMP error came back. {@code booked}: its token was booked ahead by a paced retry. */
        synchronized void icmpError(boolean booked) {
            errorsSeen++;
            long now = nanoClock.getAsLong();
            if (booked) {
                return;
            }
            double before = icmp.spend();
            if (before < 1) {
                overdrawnAt = now; // the host answered beyond what the model left: a booked token may be gone
            }
            if (before - 1 < 1) {
                spentAt = now;
            }
        }

        /** True when the budget may have been empty at some time since {@code sentNanos}. */
        synchronized boolean couldHaveRunOut(long sentNanos) {
            return spentAt >= sentNanos || icmp.tokens() < 1;
        }

        /** True when the budget is empty now (a datagram sent now could have its ICMP error suppressed). */
        synchronized boolean spentNow() {
            return icmp.tokens() < 1;
        }

        /** Decides the retry of a silent try sent at {@code sentNanos} (and empty-handed when sent, {@code emptyWhenSent}). */
        synchronized Retry retry(long sentNanos, boolean emptyWhenSent) {
            if (!pace || !(emptyWhenSent || couldHaveRunOut(sentNanos))) {
                return new Retry(0, false);
            }
            long delay = icmp.reserve();
            if (icmp.tokens() < 1) {
                spentAt = nanoClock.getAsLong();
            }
            return new Retry(delay, true);
        }

        /**
         * True when the last silent try may have had its ICMP port unreachable rate-limited away: it
         * was sent without a booked token while the budget could have run out, or it was booked and
         * the host spent more than the model left meanwhile.
         */
        synchronized boolean maySuppress(long sentNanos, boolean booked, boolean emptyWhenSent) {
            return booked ? overdrawnAt >= sentNanos : emptyWhenSent || couldHaveRunOut(sentNanos);
        }

        synchronized long errorsSeen() {
            return errorsSeen;
        }
    }
}
