package org.portaudit.scanner.engine;

/**
 * A host's smoothed round-trip time, as TCP keeps it (RFC 6298, the way nmap times its probes):
 * SRTT and RTTVAR from every unambiguous sample, RTO = SRTT + 4 RTTVAR, clamped to a floor and a
 * ceiling. Before the first sample the timeout is the ceiling. Thread-safe (a host's probes run on
 * several event loops).
 */
final class RttEstimator {
    private final long floorNanos;
    private final long ceilingNanos;
    private long srtt;
    private long rttvar;
    private int samples;

    RttEstimator(long floorNanos, long ceilingNanos) {
        if (floorNanos <= 0 || ceilingNanos < floorNanos) {
            throw new IllegalArgumentException("floor " + floorNanos + " ns, ceiling " + ceilingNanos + " ns");
        }
        this.floorNanos = floorNanos;
        this.ceilingNanos = ceilingNanos;
    }

    /** Adds one round trip (RFC 6298 2.2 and 2.3: alpha 1/8, beta 1/4). Negative samples are ignored. */
    synchronized void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        if (samples == 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
        } else {
            rttvar = rttvar - (rttvar >> 2) + (Math.abs(srtt - rttNanos) >> 2);
            srtt = srtt - (srtt >> 3) + (rttNanos >> 3);
        }
        if (samples < Integer.MAX_VALUE) {
            samples++;
        }
    }

    /** How long to wait for an answer: SRTT + 4 RTTVAR between the floor and the ceiling; the ceiling before any sample. */
    synchronized long timeoutNanos() {
        if (samples == 0) {
            return ceilingNanos;
        }
        long rto = srtt + 4 * rttvar;
        return Math.max(floorNanos, Math.min(ceilingNanos, rto));
    }

    synchronized boolean hasSamples() {
        return samples > 0;
    }

    synchronized long srttNanos() {
        return samples == 0 ? -1 : srtt;
    }

    synchronized long rttvarNanos() {
        return samples == 0 ? -1 : rttvar;
    }
}
