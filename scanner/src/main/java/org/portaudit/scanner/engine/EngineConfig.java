package org.portaudit.scanner.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ProbeEngine}. Build from {@link #defaults()} with the {@code with...} methods;
 * every combination that gets past the constructor is usable.
 *
 * @param concurrency          global cap on probes in flight (may be lowered to fit the open-file limit)
 * @param rate                 sends per second over the whole run (first tries and retries alike);
 *                             0 = unlimited
 * @param timeout              the longest one try waits for an answer (TCP connect, UDP reply): the
 *                             ceiling of the adaptive timeouts, and the wait before a host has answered
 * @param minTimeout           the floor of the adaptive timeouts: a try waits the host's smoothed round
 *                             trip plus four deviations (RFC 6298), never less than this nor more than
 *                             {@code timeout}; set it to {@code timeout} for fixed timeouts
 * @param retries              extra tries for a probe that got no answer at all (0 to 10)
 * @param udpPacing            pace UDP datagrams per target host to fit its ICMP rate limit; when
 *                             false the limit is only modelled, to flag results it may have spoilt
 * @param udpHostBurst         datagrams a host may get at once before its ICMP limit bites (Linux: 6)
 * @param udpHostPerSecond     datagrams per second per host after the burst (Linux: 1)
 * @param conversationTimeout  hard limit on a TCP conversation after the connect
 * @param conversationMaxBytes hard limit on what a TCP conversation may read
 * @param maxDatagramBytes     UDP replies are read into a buffer this big; the rest is cut off
 * @param nativeTransport      use native epoll when it is available (NIO otherwise)
 */
public record EngineConfig(int concurrency, double rate, Duration timeout, Duration minTimeout, int retries,
                           boolean udpPacing, int udpHostBurst, double udpHostPerSecond,
                           Duration conversationTimeout, int conversationMaxBytes, int maxDatagramBytes,
                           boolean nativeTransport) {

    public static final int MAX_RETRIES = 10;

    public EngineConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(minTimeout, "minTimeout");
        Objects.requireNonNull(conversationTimeout, "conversationTimeout");
        require(concurrency >= 1, "concurrency must be at least 1, got " + concurrency);
        require(Double.isFinite(rate) && rate >= 0, "rate must be 0 (unlimited) or a positive number, got " + rate);
        require(isPositiveMillis(timeout), "timeout must be at least 1 ms, got " + timeout);
        require(timeout.compareTo(Duration.ofHours(1)) <= 0, "timeout must be at most 1 h, got " + timeout);
        require(isPositiveMillis(minTimeout), "minimum timeout must be at least 1 ms, got " + minTimeout);
        require(retries >= 0 && retries <= MAX_RETRIES, "retries must be 0 to " + MAX_RETRIES + ", got " + retries);
        require(udpHostBurst >= 1, "udp host burst must be at least 1, got " + udpHostBurst);
        require(Double.isFinite(udpHostPerSecond) && udpHostPerSecond > 0,
                "udp host rate must be a positive number, got " + udpHostPerSecond);
        require(isPositiveMillis(conversationTimeout),
                "conversation timeout must be at least 1 ms, got " + conversationTimeout);
        require(conversationMaxBytes >= 1, "conversation byte limit must be at least 1, got " + conversationMaxBytes);
        require(maxDatagramBytes >= 64 && maxDatagramBytes <= 65536,
                "max datagram bytes must be 64 to 65536, got " + maxDatagramBytes);
    }

    /**
     * The floor of adaptive timeouts: nmap's {@code --min-rtt-timeout} at -T4. A lab veth answers in
     * 0.05 ms, but a busy machine's event loop (two cores, a GC pause) adds tens of milliseconds to a
     * measured round trip; below 100 ms a late answer would start to turn into "filtered".
     */
    public static final Duration DEFAULT_MIN_TIMEOUT = Duration.ofMillis(100);

    /**
     * 512 in flight, no rate limit, timeouts from each host's round trip between 100 ms and 1.5 s,
     * 1 retry, UDP retries paced like Linux's ICMP limit (6, then 1/s) when a host may have run out.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(512, 0, Duration.ofMillis(1500), DEFAULT_MIN_TIMEOUT, 1, true, 6, 1.0,
                Duration.ofSeconds(5), 64 * 1024, 4096, !nioAsked());
    }

    /**
     * {@code -Dportaudit.transport=nio} (or {@code PORTAUDIT_TRANSPORT=nio}): the JDK's NIO transport even where
     * native epoll is available, as on a machine without it (Windows, macOS). The engine tests run once this way.
     */
    static boolean nioAsked() {
        String v = System.getProperty("portaudit.transport", System.getenv("PORTAUDIT_TRANSPORT"));
        return "nio".equalsIgnoreCase(v);
    }

    public EngineConfig withConcurrency(int v) {
        return toBuilder().concurrency(v).build();
    }

    public EngineConfig withRate(double v) {
        return toBuilder().rate(v).build();
    }

    public EngineConfig withTimeout(Duration v) {
        return toBuilder().timeout(v).build();
    }

    public EngineConfig withMinTimeout(Duration v) {
        return toBuilder().minTimeout(v).build();
    }

    public EngineConfig withRetries(int v) {
        return toBuilder().retries(v).build();
    }

    /** Per-host UDP pacing: on or off (then only modelled), burst and rate after the burst. */
    public EngineConfig withUdpPacing(boolean pace, int burst, double perSecond) {
        return toBuilder().udpPacing(pace, burst, perSecond).build();
    }

    public EngineConfig withConversationLimits(Duration time, int bytes) {
        return toBuilder().conversationLimits(time, bytes).build();
    }

    public EngineConfig withMaxDatagramBytes(int v) {
        return toBuilder().maxDatagramBytes(v).build();
    }

    public EngineConfig withNativeTransport(boolean v) {
        return toBuilder().nativeTransport(v).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable twin of the record, for callers that set many fields (a command line). */
    public static final class Builder {
        private int concurrency;
        private double rate;
        private Duration timeout;
        private Duration minTimeout;
        private int retries;
        private boolean udpPacing;
        private int udpHostBurst;
        private double udpHostPerSecond;
        private Duration conversationTimeout;
        private int conversationMaxBytes;
        private int maxDatagramBytes;
        private boolean nativeTransport;

        private Builder(EngineConfig c) {
            concurrency = c.concurrency;
            rate = c.rate;
            timeout = c.timeout;
            minTimeout = c.minTimeout;
            retries = c.retries;
            udpPacing = c.udpPacing;
            udpHostBurst = c.udpHostBurst;
            udpHostPerSecond = c.udpHostPerSecond;
            conversationTimeout = c.conversationTimeout;
            conversationMaxBytes = c.conversationMaxBytes;
            maxDatagramBytes = c.maxDatagramBytes;
            nativeTransport = c.nativeTransport;
        }

        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        public Builder rate(double v) {
            rate = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder minTimeout(Duration v) {
            minTimeout = v;
            return this;
        }

        public Builder retries(int v) {
            retries = v;
            return this;
        }

        public Builder udpPacing(boolean pace, int burst, double perSecond) {
            udpPacing = pace;
            udpHostBurst = burst;
            udpHostPerSecond = perSecond;
            return this;
        }

        public Builder conversationLimits(Duration time, int bytes) {
            conversationTimeout = time;
            conversationMaxBytes = bytes;
            return this;
        }

        public Builder maxDatagramBytes(int v) {
            maxDatagramBytes = v;
            return this;
        }

        public Builder nativeTransport(boolean v) {
            nativeTransport = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad setting */
        public EngineConfig build() {
            return new EngineConfig(concurrency, rate, timeout, minTimeout, retries, udpPacing, udpHostBurst, udpHostPerSecond,
                    conversationTimeout, conversationMaxBytes, maxDatagramBytes, nativeTransport);
        }
    }

    private static boolean isPositiveMillis(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) >= 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
