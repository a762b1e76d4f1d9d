package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.PortState;

/** A pull source that has nothing now and more later: the run waits for it, and ends only when it is finished. */
class TaskSourceTest {
    /** A source fed from outside; tasks become ready when {@link #add} is called, and it ends on {@link #finish}. */
    static final class Fed implements TaskSource<Integer> {
        private final Queue<ProbeTask<Integer>> ready = new ArrayDeque<>();
        private boolean finished;
        private Runnable wakeup = () -> { };

        synchronized void add(ProbeTask<Integer> t) {
            ready.add(t);
            wakeup.run();
        }

        synchronized void finish() {
            finished = true;
            wakeup.run();
        }

        @Override
        public synchronized ProbeTask<Integer> poll() {
            return ready.poll();
        }

        @Override
        public synchronized boolean finished() {
            return finished && ready.isEmpty();
        }

        @Override
        public synchronized void onWakeup(Runnable w) {
            this.wakeup = w;
        }
    }

    @Test
    void aRunWaitsForLaterTasksAndEndsOnlyWhenTheSourceIsFinished() throws Exception {
        int closed = Loopback.closedTcpPort(Loopback.V4);
        Fed source = new Fed();
        List<Integer> tags = Collections.synchronizedList(new ArrayList<>());
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults())) {
            CompletableFuture<RunStats> run = engine.run(source, r -> {
                assertEquals(PortState.CLOSED, r.state());
                tags.add(r.task().tag());
                // A result may make more work known: the listener feeds the source (as a mapper lookup does).
                if (r.task().tag() == 1) {
                    source.add(ProbeTask.tcp(Loopback.V4, closed, 2));
                }
            });
            // Nothing is ready yet: the run must not end on an empty source that is not finished.
            Thread.sleep(200);
            assertFalse(run.isDone(), "a run over an empty, unfinished source ended");
            source.add(ProbeTask.tcp(Loopback.V4, closed, 1));
            // Wait until both results are in (the second was added by the listener), then see it still waits.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tags.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(1, 2), tags);
            assertFalse(run.isDone(), "the run ended before its source was finished");
            source.finish();
            RunStats stats = run.get(10, TimeUnit.SECONDS);
            assertEquals(2, stats.probes());
        }
    }
}
