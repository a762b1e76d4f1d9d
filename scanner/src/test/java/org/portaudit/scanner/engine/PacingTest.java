package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.reports.model.PortState;

class PacingTest {
    private static final long MS = 1_000_000L;

    @Test
    void tokenBucketGrantsBurstThenRateAndSaysHowLongToWait() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        TokenBucket b = new TokenBucket(2, 3, now::get);
        assertEquals(0, b.tryTake());
        assertEquals(0, b.tryTake());
        assertEquals(0, b.tryTake());
        assertEquals(500 * MS, b.tryTake(), "empty: one token comes in 500 ms at 2/s");
        assertEquals(500 * MS, b.tryTake(), "tryTake takes nothing when it says wait");
        now.addAndGet(500 * MS);
        assertEquals(0, b.tryTake());
        assertEquals(500 * MS, b.reserve(), "reserve takes the token and says when it may be used");
        assertEquals(1000 * MS, b.reserve(), "debts queue up");
        now.addAndGet(10_000 * MS);
        assertTrue(b.isFull(), "refills up to the burst, not beyond");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, b.tryTake());
        }
        assertTrue(b.tryTake() > 0);
    }

    @Test
    void spendIsAFactThatMayGoIntoDebtButNotWithoutBound() {
        AtomicLong now = new AtomicLong();
        TokenBucket b = new TokenBucket(1, 2, now::get);
        assertEquals(2.0, b.spend(), 1e-9, "returns what was there before");
        assertEquals(1.0, b.spend(), 1e-9);
        assertEquals(0.0, b.spend(), 1e-9);
        assertEquals(-1.0, b.tokens(), 1e-9);
        b.spend();
        b.spend();
        assertEquals(-2.0, b.tokens(), 1e-9, "not below -burst");
        now.addAndGet(1000 * MS);
        assertEquals(-1.0, b.tokens(), 1e-9, "refills at the rate");
    }

    @Test
    void rttEstimatorFollowsRfc6298BetweenFloorAndCeiling() {
        RttEstimator e = new RttEstimator(100 * MS, 1000 * MS);
        assertEquals(1000 * MS, e.timeoutNanos(), "the ceiling before any sample");
        assertFalse(e.hasSamples());
        e.sample(200 * MS);
        assertEquals(200 * MS, e.srttNanos());
        assertEquals(100 * MS, e.rttvarNanos(), "first sample: RTTVAR = R/2");
        assertEquals(600 * MS, e.timeoutNanos(), "SRTT + 4 RTTVAR");
        e.sample(100 * MS);
        assertEquals(200 * MS - 25 * MS + (100 * MS >> 3), e.srttNanos(), "SRTT = 7/8 SRTT + 1/8 R");
        assertEquals(100 * MS - 25 * MS + 25 * MS, e.rttvarNanos(), "RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|");
        RttEstimator fast = new RttEstimator(100 * MS, 1000 * MS);
        fast.sample(50_000); // 0.05 ms: a lab veth
        assertEquals(100 * MS, fast.timeoutNanos(), "never below the floor");
        RttEstimator slow = new RttEstimator(100 * MS, 1000 * MS);
        slow.sample(900 * MS);
        assertEquals(1000 * MS, slow.timeoutNanos(), "never above the ceiling");
        slow.sample(-5);
        assertEquals(900 * MS, slow.srttNanos(), "a negative sample is ignored");
    }

    @Test
    void silentPortOfAHostThatSentNoIcmpErrorsIsRetriedAtOnceAndNotSuspect() throws Exception {
        AtomicLong now = new AtomicLong(5_000 * MS);
        HostPacer.Host h = pacer(true, now).host(InetAddress.getByName("192.0.2.1"));
        long sent = now.get();
        now.addAndGet(200 * MS);
        assertEquals(new HostPacer.Retry(0, false), h.retry(sent, false));
        assertFalse(h.maySuppress(sent, false, false), "the host had its whole budget: silence is evidence");
    }

    @Test
    void retriesArePacedOnlyOnceAsManyIcmpErrorsCameBackAsTheBudgetHolds() throws Exception {
        AtomicLong now = new AtomicLong(5_000 * MS);
        long sent = now.get();
        HostPacer.Host h = hostThatSentIcmpErrors(true, now, 5);
        assertFalse(h.couldHaveRunOut(sent), "5 of 6 spent: the host could still answer");
        assertEquals(new HostPacer.Retry(0, false), h.retry(sent, false));
        h.icmpError(false);
        assertTrue(h.couldHaveRunOut(sent), "6 of 6 spent");
        assertTrue(h.maySuppress(sent, false, false), "an unbooked try after the budget ran out is suspect");
        assertEquals(new HostPacer.Retry(1000 * MS, true), h.retry(sent, false), "booked a second ahead");
        assertEquals(new HostPacer.Retry(2000 * MS, true), h.retry(sent, false), "the next a second later");
        long retrySent = now.get() + 1000 * MS;
        now.set(retrySent);
        h.icmpError(true); // the booked retry's own error: already counted
        assertFalse(h.maySuppress(retrySent, true, true), "a booked retry's silence is evidence");
        h.icmpError(false); // someone else's error the model had not left room for
        assertTrue(h.maySuppress(retrySent, true, true), "the host spent more than the model left");
        assertEquals(8, h.errorsSeen());
    }

    @Test
    void withoutPacingRetriesGoAtOnceAndTheBudgetIsOnlyModelled() throws Exception {
        AtomicLong now = new AtomicLong(5_000 * MS);
        long sent = now.get();
        HostPacer.Host h = hostThatSentIcmpErrors(false, now, 6);
        assertEquals(new HostPacer.Retry(0, false), h.retry(sent, false));
        assertTrue(h.maySuppress(sent, false, false));
        now.addAndGet(10_000 * MS);
        long later = now.get();
        assertFalse(h.maySuppress(later, false, h.spentNow()), "refilled: a try sent now had the budget");
    }

    @Test
    void hostsHaveTheirOwnTimeoutsAndIdleHostsAreForgotten() throws Exception {
        AtomicLong now = new AtomicLong();
        HostPacer pacer = pacer(true, now);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("2001:db8::1");
        HostPacer.Host ha = pacer.host(a);
        assertEquals(1000 * MS, ha.connectTimeoutNanos(1), "the ceiling before any host answered");
        ha.sampleTransport(MS);
        assertEquals(100 * MS, ha.connectTimeoutNanos(1), "a fast host: the floor");
        assertEquals(1000 * MS, ha.replyTimeoutNanos(true), "its services have not answered yet: the last try the ceiling");
        assertEquals(250 * MS, ha.replyTimeoutNanos(false), "an earlier try the kernel's round trip, at least 250 ms");
        ha.service.sample(150 * MS);
        assertEquals(450 * MS, ha.replyTimeoutNanos(true));
        assertEquals(450 * MS, ha.replyTimeoutNanos(false), "once a service answered, its time for every try");
        HostPacer.Host hb = pacer.host(b);
        assertEquals(100 * MS, hb.connectTimeoutNanos(1), "a silent host's first try waits what the others need");
        assertEquals(1000 * MS, hb.connectTimeoutNanos(2), "its retry the ceiling: a slow host costs a retry");
        assertEquals(250 * MS, hb.replyTimeoutNanos(false), "a silent host's first request waits the run's round trip");
        assertEquals(MS, pacer.srttNanos(a));
        assertEquals(-1, pacer.srttNanos(b));
        ha.icmpError(false);
        now.addAndGet(HostPacer.IDLE_NANOS - MS);
        assertEquals(2, pacer.evictIdle(), "not idle long enough");
        now.addAndGet(2 * MS);
        assertEquals(0, pacer.evictIdle(), "idle, budget full again: forgotten");
        assertEquals(-1, pacer.srttNanos(a));
    }

    private static HostPacer.Host hostThatSentIcmpErrors(boolean pace, AtomicLong now, int errors) throws Exception {
        HostPacer.Host h = pacer(pace, now).host(InetAddress.getByName("192.0.2.1"));
        for (int i = 0; i < errors; i++) {
            h.icmpError(false);
        }
        return h;
    }

    private static HostPacer pacer(boolean pace, AtomicLong now) {
        return new HostPacer(pace, 6, 1.0, 100 * MS, 1000 * MS, now::get);
    }

    /** Six closed ports of one host at once: first tries are never held back, and loopback answers all. */
    @Test
    void firstTriesGoOutTogether() throws Exception {
        List<ProbeTask<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(ProbeTask.udp(Loopback.V4, Loopback.closedUdpPort(Loopback.V4), i));
        }
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withUdpPacing(true, 2, 0.1))) {
            List<ProbeResult<Object>> results = Loopback.runAll(engine, tasks);
            results.forEach(r -> assertEquals(Duration.ZERO, r.paced(), r.toString()));
            results.forEach(r -> assertEquals(PortState.CLOSED, r.state(), r.toString()));
        }
    }

    /**
     * Burst 2 at 2/s: two closed ports spend the budget (their ICMP errors come back), so the silent
     * port's retry is booked a budget's pace later; booked within the budget, its silence is evidence.
     * With pacing off the same retry goes at once and the result is flagged. (At 5/s the budget could
     * refill between the two errors on a loaded machine, 200 ms apart on NIO once, and rightly not be
     * spent; 2/s leaves it spent unless they are half a second apart.)
     */
    @ParameterizedTest(name = "pacing={0}")
    @ValueSource(booleans = {true, false})
    void aSilentPortIsRetriedAtTheBudgetsPaceOnlyAfterTheHostSpentIt(boolean pace) throws Exception {
        try (Loopback.UdpServer silent = new Loopback.UdpServer(Loopback.V4, req -> null);
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withRetries(1)
                     .withTimeout(Duration.ofMillis(300)).withUdpPacing(pace, 2, 2))) {
            List<ProbeTask<Object>> tasks = List.of(
                    ProbeTask.udp(Loopback.V4, Loopback.closedUdpPort(Loopback.V4), 0),
                    ProbeTask.udp(Loopback.V4, Loopback.closedUdpPort(Loopback.V4), 1),
                    ProbeTask.udp(Loopback.V4, silent.port(), 2));
            List<ProbeResult<Object>> r = Loopback.runAll(engine, tasks);
            assertEquals(PortState.CLOSED, r.get(0).state());
            assertEquals(PortState.CLOSED, r.get(1).state());
            ProbeResult s = r.get(2);
            assertEquals(PortState.OPEN_FILTERED, s.state(), s.toString());
            assertEquals(2, s.attempts());
            assertEquals(2, silent.received.get(), "both tries reached the port");
            if (pace) {
                assertTrue(s.paced().toMillis() >= 50, "booked ahead to the next token, waited " + s.paced());
                assertFalse(s.icmpRateLimitSuspected(), s.toString());
                assertFalse(s.evidence().details().containsKey("icmpRateLimit"));
            } else {
                assertEquals(Duration.ZERO, s.paced());
                assertTrue(s.icmpRateLimitSuspected(), s.toString());
                assertTrue(s.evidence().text("icmpRateLimit").orElseThrow().contains("2 ICMP errors came back"),
                        s.evidence().toString());
                assertTrue(s.evidence().summary().contains("may have been rate-limited"));
            }
        }
    }

    /** No ICMP error from the host: its silent ports are retried at once, whatever the budget. */
    @Test
    void silentPortsOfAHostThatSpentNothingAreRetriedAtNormalSpeed() throws Exception {
        try (Loopback.UdpServer s1 = new Loopback.UdpServer(Loopback.V4, req -> null);
             Loopback.UdpServer s2 = new Loopback.UdpServer(Loopback.V4, req -> null);
             Loopback.UdpServer s3 = new Loopback.UdpServer(Loopback.V4, req -> null);
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withRetries(2)
                     .withTimeout(Duration.ofMillis(200)).withUdpPacing(true, 1, 0.01))) {
            List<ProbeResult<Object>> r = Loopback.runAll(engine, List.of(ProbeTask.udp(Loopback.V4, s1.port(), 0),
                    ProbeTask.udp(Loopback.V4, s2.port(), 1), ProbeTask.udp(Loopback.V4, s3.port(), 2)));
            for (ProbeResult x : r) {
                assertEquals(PortState.OPEN_FILTERED, x.state());
                assertEquals(3, x.attempts());
                assertEquals(Duration.ZERO, x.paced(), "a budget of 1 at 1 per 100 s would have held them");
                assertFalse(x.icmpRateLimitSuspected());
                assertEquals(3L, x.evidence().number("attempts").orElseThrow());
            }
        }
    }
}
