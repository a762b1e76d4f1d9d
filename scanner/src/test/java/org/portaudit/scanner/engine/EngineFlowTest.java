package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

class EngineFlowTest {

    /** A conversation that never concludes and counts how many are running at once. */
    static final class Holding implements TcpConversation {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final CountDownLatch allStarted;

        Holding(int expected) {
            allStarted = new CountDownLatch(expected);
        }

        @Override
        public String name() {
            return "hold";
        }

        @Override
        public void start(Channel channel, Promise<Evidence> result) {
            started.incrementAndGet();
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            channel.closeFuture().addListener(f -> now.decrementAndGet());
            allStarted.countDown();
        }
    }

    /** Hands out {@code n} tasks lazily and checks, at every pull, how far ahead of the results it is. */
    static final class CountingTasks implements Iterator<ProbeTask<Object>> {
        final long n;
        final InetAddress addr;
        final int port;
        final AtomicLong pulled = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong maxAhead = new AtomicLong();

        CountingTasks(long n, InetAddress addr, int port) {
            this.n = n;
            this.addr = addr;
            this.port = port;
        }

        @Override
        public boolean hasNext() {
            return pulled.get() < n;
        }

        @Override
        public ProbeTask<Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long i = pulled.incrementAndGet();
            maxAhead.accumulateAndGet(i - delivered.get(), Math::max);
            return ProbeTask.tcp(addr, port, i);
        }
    }

    @Test
    void probesInFlightNeverExceedTheConcurrency() throws Exception {
        Holding hold = new Holding(12);
        try (Loopback.TcpServer server = new Loopback.TcpServer(Loopback.V4, Loopback::drain);
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withConcurrency(3)
                     .withConversationLimits(Duration.ofMillis(150), 1024))) {
            assertEquals(3, engine.concurrency());
            List<ProbeTask<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(ProbeTask.tcp(Loopback.V4, server.port(), hold, i));
            }
            List<ProbeResult<Object>> results = Loopback.runAll(engine, tasks);
            assertEquals(12, results.size());
            assertEquals(12, hold.started.get());
            assertEquals(3, hold.max.get(), "three at once: never more, and the slots are used");
            results.forEach(r -> assertEquals(PortState.OPEN, r.state()));
        }
    }

    /** A million tasks, pulled only as slots free: the run is cancelled after a few thousand. */
    @Test
    void tasksArePulledLazilyAndCancellingStopsTheRun() throws Exception {
        int port = Loopback.closedTcpPort(Loopback.V4);
        CountingTasks tasks = new CountingTasks(1_000_000, Loopback.V4, port);
        AtomicReference<CompletableFuture<RunStats>> run = new AtomicReference<>();
        CountDownLatch enough = new CountDownLatch(1);
        AtomicInteger afterCancel = new AtomicInteger();
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withConcurrency(16))) {
            run.set(engine.run(tasks, r -> {
                assertEquals(PortState.CLOSED, r.state());
                if (run.get() != null && run.get().isDone()) {
                    afterCancel.incrementAndGet();
                }
                if (tasks.delivered.incrementAndGet() == 3000) {
                    run.get().cancel(false); // from the listener: the control thread sees it at once
                    enough.countDown();
                }
            }));
            assertTrue(enough.await(60, TimeUnit.SECONDS));
            assertThrows(CancellationException.class, () -> run.get().get(10, TimeUnit.SECONDS));
            // an empty run is a later step of the same control thread: by its end the cancel was seen
            engine.run(List.<ProbeTask<Object>>of().iterator(), r -> { }).get(10, TimeUnit.SECONDS);
            long pulledAtCancel = tasks.pulled.get();
            engine.run(List.<ProbeTask<Object>>of().iterator(), r -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(pulledAtCancel, tasks.pulled.get(), "nothing pulled after the cancel");
            assertEquals(0, afterCancel.get(), "the listener is not called after the cancel");
        }
        assertTrue(tasks.maxAhead.get() <= 16, "pulled at most the concurrency ahead, was " + tasks.maxAhead.get());
        assertTrue(tasks.pulled.get() <= 3000 + 16, "stopped pulling at the cancel, pulled " + tasks.pulled.get());
    }

    @Test
    void rateLimitSpacesTheProbes() throws Exception {
        int port = Loopback.closedTcpPort(Loopback.V4);
        double rate = 40;
        int n = 30;
        CountingTasks tasks = new CountingTasks(n, Loopback.V4, port);
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withRate(rate).withConcurrency(100))) {
            long t0 = System.nanoTime();
            RunStats stats = engine.run(tasks, r -> tasks.delivered.incrementAndGet()).get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(n, stats.probes());
            assertEquals(n, stats.count(PortState.CLOSED));
            // A lower bound only (a slow machine makes it longer, never shorter): burst of 2, then 40/s.
            double least = (n - 2) / rate;
            assertTrue(seconds >= least * 0.95, n + " probes at " + rate + "/s took " + seconds + " s, less than " + least);
        }
    }

    @Test
    void closeEndsRunsClosesSocketsAndStopsThreads() throws Exception {
        Holding hold = new Holding(3);
        CountDownLatch peerSawClose = new CountDownLatch(3);
        CompletableFuture<RunStats> run;
        ProbeEngine engine = new ProbeEngine(EngineConfig.defaults()
                .withConversationLimits(Duration.ofSeconds(60), 1024));
        try (Loopback.TcpServer server = new Loopback.TcpServer(Loopback.V4, s -> {
                Loopback.drain(s);
                peerSawClose.countDown();
            })) {
            List<ProbeTask<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(ProbeTask.tcp(Loopback.V4, server.port(), hold, i));
            }
            AtomicInteger results = new AtomicInteger();
            run = engine.run(tasks.iterator(), r -> results.incrementAndGet());
            assertTrue(hold.allStarted.await(10, TimeUnit.SECONDS));
            engine.close();
            assertTrue(engine.isTerminated(), "event loops and control thread stopped");
            assertTrue(peerSawClose.await(10, TimeUnit.SECONDS), "every probe socket was closed");
            assertEquals(0, hold.now.get());
            assertThrows(CancellationException.class, () -> run.get(10, TimeUnit.SECONDS));
            assertEquals(0, results.get(), "no results after close");
            assertThrows(IllegalStateException.class, () -> engine.run(tasks.iterator(), r -> { }));
            engine.close(); // idempotent
        }
    }

    @Test
    void failingListenerOrTaskSourceFailsTheRun() throws Exception {
        int port = Loopback.closedTcpPort(Loopback.V4);
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults())) {
            CompletableFuture<RunStats> bad = engine.run(List.of(ProbeTask.tcp(Loopback.V4, port, 0)).iterator(),
                    r -> {
                        throw new IllegalStateException("disk full");
                    });
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ProbeEngineException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("disk full"));

            Iterator<ProbeTask<Object>> broken = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public ProbeTask<Object> next() {
                    throw new IllegalArgumentException("bad line 3 in hosts.txt");
                }
            };
            ExecutionException e2 = assertThrows(ExecutionException.class,
                    () -> engine.run(broken, r -> { }).get(10, TimeUnit.SECONDS));
            assertTrue(e2.getCause().getMessage().contains("bad line 3"), e2.getCause().getMessage());

            UdpPayload buggy = new Loopback.PingPayload() {
                @Override
                public io.netty.buffer.ByteBuf request(io.netty.buffer.ByteBufAllocator alloc) {
                    throw new IllegalStateException("payload bug");
                }
            };
            ExecutionException e3 = assertThrows(ExecutionException.class, () -> engine.run(
                    List.of(ProbeTask.udp(Loopback.V4, port, buggy, 0)).iterator(), r -> { }).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ProbeEngineException.class, e3.getCause());
            assertTrue(e3.getCause().getMessage().contains("test-ping"), e3.getCause().getMessage());

            // the engine is still usable
            RunStats ok = engine.run(List.of(ProbeTask.tcp(Loopback.V6, port, 0)).iterator(), r -> { })
                    .get(10, TimeUnit.SECONDS);
            assertEquals(1, ok.probes());
        }
    }

    @Test
    void concurrencyIsLoweredToFitTheOpenFileLimit() {
        FdBudget.Limits limits = FdBudget.read().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(limits != null, "no Unix file descriptor counts here");
        int huge = Integer.MAX_VALUE;
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withConcurrency(huge))) {
            assertTrue(engine.concurrency() < huge);
            assertTrue(engine.concurrency() <= limits.max() - FdBudget.RESERVE, "cap " + engine.concurrency());
        }
        assertEquals(796, FdBudget.cap(1000, new FdBudget.Limits(1024, 100), 128));
        assertEquals(10, FdBudget.cap(10, new FdBudget.Limits(1024, 100), 128));
        assertEquals(1, FdBudget.cap(1000, new FdBudget.Limits(100, 90), 128));
    }
}
