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
    void hostPacerSpacesEachHostOnItsOwnAndForgetsQuietHosts() throws Exception {
        AtomicLong now = new AtomicLong();
        HostPacer pacer = new HostPacer(true, 6, 1.0, now::get);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("2001:db8::1");
        for (int i = 0; i < 6; i++) {
            assertEquals(new HostPacer.Slot(0, true), pacer.book(a));
        }
        assertEquals(new HostPacer.Slot(1000 * MS, true), pacer.book(a), "the 7th waits a second");
        assertEquals(new HostPacer.Slot(2000 * MS, true), pacer.book(a));
        assertEquals(new HostPacer.Slot(0, true), pacer.book(b), "another host does not wait");
        assertEquals(2, pacer.evictIdle());
        now.addAndGet(60_000 * MS);
        assertEquals(0, pacer.evictIdle(), "full buckets are forgotten");
    }

    @Test
    void withoutPacingTheBudgetIsOnlyModelled() throws Exception {
        AtomicLong now = new AtomicLong();
        HostPacer pacer = new HostPacer(false, 2, 1.0, now::get);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertEquals(new HostPacer.Slot(0, true), pacer.book(a));
        assertEquals(new HostPacer.Slot(0, true), pacer.book(a));
        assertEquals(new HostPacer.Slot(0, false), pacer.book(a), "sent at once, but beyond the budget");
        now.addAndGet(1000 * MS);
        assertEquals(new HostPacer.Slot(0, true), pacer.book(a));
    }

    /** Burst 2 then 5/s on one host: of six closed-port probes the last four wait, and all still see closed. */
    @Test
    void udpProbesToOneHostArePacedAndClosedPortsStayClosed() throws Exception {
        List<ProbeTask<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(ProbeTask.udp(Loopback.V4, Loopback.closedUdpPort(Loopback.V4), i));
        }
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withUdpPacing(true, 2, 5))) {
            List<ProbeResult<Object>> results = Loopback.runAll(engine, tasks);
            long paced = results.stream().filter(r -> r.paced().compareTo(Duration.ofMillis(100)) > 0).count();
            assertEquals(4, paced, results.toString());
            long longest = results.stream().mapToLong(r -> r.paced().toMillis()).max().orElse(0);
            assertTrue(longest >= 700, "the sixth waits about 4 x 200 ms, waited " + longest + " ms");
            results.forEach(r -> assertEquals(PortState.CLOSED, r.state(), r.toString()));
        }
    }

    @Test
    void differentHostsAreNotPacedAgainstEachOther() throws Exception {
        List<ProbeTask<Object>> tasks = new ArrayList<>();
        int i = 0;
        for (InetAddress addr : List.of(Loopback.V4, Loopback.V6, Loopback.V4, Loopback.V6)) {
            tasks.add(ProbeTask.udp(addr, Loopback.closedUdpPort(addr), i++));
        }
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withUdpPacing(true, 2, 0.1))) {
            List<ProbeResult<Object>> results = Loopback.runAll(engine, tasks);
            results.forEach(r -> assertEquals(Duration.ZERO, r.paced(), r.toString()));
            results.forEach(r -> assertEquals(PortState.CLOSED, r.state(), r.toString()));
        }
    }

    /** Pacing off, budget of 2: silent ports probed beyond the budget are flagged as maybe rate-limited. */
    @Test
    void openFilteredBeyondTheIcmpBudgetIsFlagged() throws Exception {
        try (Loopback.UdpServer s1 = new Loopback.UdpServer(Loopback.V4, req -> null);
             Loopback.UdpServer s2 = new Loopback.UdpServer(Loopback.V4, req -> null);
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withRetries(0)
                     .withTimeout(Duration.ofMillis(200)).withConcurrency(1).withUdpPacing(false, 2, 0.01))) {
            List<ProbeTask<Object>> tasks = List.of(
                    ProbeTask.udp(Loopback.V4, s1.port(), 0), ProbeTask.udp(Loopback.V4, s2.port(), 1),
                    ProbeTask.udp(Loopback.V4, s1.port(), 2), ProbeTask.udp(Loopback.V4, s2.port(), 3));
            List<ProbeResult<Object>> r = Loopback.runAll(engine, tasks);
            r.forEach(x -> assertEquals(PortState.OPEN_FILTERED, x.state()));
            assertFalse(r.get(0).icmpRateLimitSuspected());
            assertFalse(r.get(1).icmpRateLimitSuspected());
            assertTrue(r.get(2).icmpRateLimitSuspected());
            assertTrue(r.get(3).icmpRateLimitSuspected());
            assertTrue(r.get(3).evidence().details().containsKey("icmp-rate-limit"));
            assertTrue(r.get(3).evidence().summary().contains("may have been rate-limited"));
            assertFalse(r.get(0).evidence().details().containsKey("icmp-rate-limit"));
            r.forEach(x -> assertEquals(Duration.ZERO, x.paced(), "not paced when pacing is off"));
        }
    }
}
