package org.portaudit.scanner.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.PortState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: pulls tasks lazily as slots free, starts probes, hands results to the listener. All of
 * its bookkeeping is confined to the engine's single control thread; probes report back to it.
 */
final class ProbeRun<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeRun.class);

    private final ProbeEngine engine;
    private final ScheduledExecutorService control;
    private final TaskSource<T> tasks;
    private final ProbeListener<T> listener;
    private final int cap;
    private final CompletableFuture<RunStats> future = new CompletableFuture<>();
    private final Set<Probe> active = ConcurrentHashMap.newKeySet();

    // Control thread only.
    private final Map<PortState, Long> counts = new EnumMap<>(PortState.class);
    private final long startNanos = System.nanoTime();
    private int inFlight;
    private long delivered;
    private ProbeTask<T> held;
    private boolean pumpScheduled;
    private final Map<EventLoop, List<Probe>> pendingStarts = new HashMap<>();
    private final Map<EventLoop, LoopOutbox> outboxes = new ConcurrentHashMap<>();

    // Steps for the control thread, drained in batches: one hand-off per burst of results instead of
    // one per probe, which on a small machine is the difference between a sweep that is bound by
    // thread wake-ups and one that is bound by the network.
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    ProbeRun(ProbeEngine engine, ScheduledExecutorService control, TaskSource<T> tasks,
             ProbeListener<T> listener, int cap) {
        this.engine = engine;
        this.control = control;
        this.tasks = tasks;
        this.listener = listener;
        this.cap = cap;
        future.whenComplete((stats, error) -> {
            if (error != null) {
                onControl(this::abortAll);
            }
        });
    }

    CompletableFuture<RunStats> future() {
        return future;
    }

    EngineConfig config() {
        return engine.config();
    }

    HostPacer pacer() {
        return engine.pacer();
    }

    /** A fresh bootstrap for the task's transport and address family, on the probe's loop. */
    Bootstrap bootstrap(ProbeTask<?> task, EventLoop loop) {
        return engine.bootstrap(task).clone(loop);
    }

    /** See {@link Transports#icmpErrorsOnUnconnected}; null on NIO. */
    io.netty.channel.ChannelOption<Integer> icmpErrorsOnUnconnected(ProbeTask<?> task) {
        return engine.transports().icmpErrorsOnUnconnected(task.target() instanceof java.net.Inet6Address
                ? io.netty.channel.socket.InternetProtocolFamily.IPv6 : io.netty.channel.socket.InternetProtocolFamily.IPv4);
    }

    io.netty.channel.Channel newTcpChannel(ProbeTask<?> task) {
        return engine.newTcpChannel(task);
    }

    String emptyProbeName() {
        return engine.transports().emptyProbeName();
    }

    /** Books one send with the global rate; returns how long to wait before it. Any thread. */
    long reserveRate() {
        TokenBucket rate = engine.rate();
        return rate == null ? 0 : rate.reserve();
    }

    void begin() {
        tasks.onWakeup(() -> onControl(this::pump));
        onControl(this::pump);
    }

    /** Ends the run with {@code why}: no more tasks, in-flight probes closed, no more listener calls. */
    void stop(Throwable why) {
        onControl(() -> future.completeExceptionally(why));
    }

    void probeDone(Probe probe, ProbeResult<?> result) {
        if (!(probe.loop instanceof SingleThreadEventLoop loop)) {
            onControl(() -> delivered(probe, result));
            return;
        }
        // Results finished in one event-loop iteration go to the control thread together, after the
        // iteration: one hand-off (and one wake-up) per burst instead of one per probe.
        LoopOutbox box = outboxes.computeIfAbsent(loop, l -> new LoopOutbox());
        box.done.add(probe);
        box.results.add(result);
        if (!box.scheduled) {
            box.scheduled = true;
            loop.executeAfterEventLoopIteration(() -> {
                box.scheduled = false;
                List<Probe> probes = box.done;
                List<ProbeResult<?>> results = box.results;
                box.done = new ArrayList<>();
                box.results = new ArrayList<>();
                onControl(() -> {
                    for (int i = 0; i < probes.size(); i++) {
                        delivered(probes.get(i), results.get(i));
                    }
                });
            });
        }
    }

    /** What one event loop has finished during its current iteration; touched only on that loop. */
    private static final class LoopOutbox {
        List<Probe> done = new ArrayList<>();
        List<ProbeResult<?>> results = new ArrayList<>();
        boolean scheduled;
    }

    void probeFailed(Probe probe, Throwable cause) {
        onControl(() -> {
            active.remove(probe);
            inFlight--;
            future.completeExceptionally(new ProbeEngineException("probing " + probe.task.endpoint()
                    + " failed on this machine: " + Failures.describe(cause), cause));
        });
    }

    @SuppressWarnings("unchecked") // every probe of this run was made from one of its own source's tasks
    private void delivered(Probe probe, ProbeResult<?> result) {
        active.remove(probe);
        inFlight--;
        if (future.isDone()) {
            return;
        }
        try {
            listener.onResult((ProbeResult<T>) result);
        } catch (RuntimeException e) {
            future.completeExceptionally(new ProbeEngineException("the result listener failed: "
                    + Failures.describe(e), e));
            return;
        }
        delivered++;
        counts.merge(result.state(), 1L, Long::sum);
        pump();
    }

    private void scheduledPump() {
        pumpScheduled = false;
        pump();
        flushStarts();
    }

    private void pump() {
        boolean finished = false;
        while (!future.isDone() && inFlight < cap) {
            ProbeTask<T> task;
            try {
                task = held != null ? held : tasks.poll();
                held = null;
                if (task == null) {
                    finished = tasks.finished();
                    break;
                }
                TokenBucket rate = engine.rate();
                long wait = rate == null ? 0 : rate.tryTake();
                if (wait > 0) {
                    held = task;
                    if (!pumpScheduled) {
                        pumpScheduled = true;
                        control.schedule(this::scheduledPump, wait, TimeUnit.NANOSECONDS);
                    }
                    return;
                }
            } catch (RuntimeException e) {
                future.completeExceptionally(new ProbeEngineException("the task source failed: "
                        + Failures.describe(e), e));
                return;
            }
            launch(task);
        }
        if (finished && inFlight == 0 && held == null && !future.isDone()) {
            future.complete(new RunStats(delivered, counts, Duration.ofNanos(System.nanoTime() - startNanos)));
        }
    }

    private void launch(ProbeTask<T> task) {
        EventLoop loop = engine.nextLoop();
        Probe probe = task.transport() == Transport.UDP ? new UdpProbe(task, this, loop) : new TcpProbe(task, this, loop);
        inFlight++;
        active.add(probe);
        pendingStarts.computeIfAbsent(loop, l -> new ArrayList<>()).add(probe);
    }

    /** Starts the probes launched since the last flush: one task per event loop, not one per probe. */
    private void flushStarts() {
        if (pendingStarts.isEmpty()) {
            return;
        }
        for (Map.Entry<EventLoop, List<Probe>> e : pendingStarts.entrySet()) {
            List<Probe> batch = e.getValue();
            try {
                e.getKey().execute(() -> {
                    for (Probe p : batch) {
                        p.begin();
                    }
                });
            } catch (RejectedExecutionException ex) {
                future.completeExceptionally(new CancellationException("the probe engine is shutting down"));
            }
        }
        pendingStarts.clear();
    }

    private void abortAll() {
        for (Probe p : active) {
            p.abort();
        }
        active.clear();
        engine.forget(this);
    }

    private void onControl(Runnable r) {
        inbox.add(r);
        if (draining.compareAndSet(false, true)) {
            try {
                control.execute(this::drain);
            } catch (RejectedExecutionException e) {
                LOG.debug("engine closed; dropped a control step of a run");
            }
        }
    }

    /** Runs every queued control step, then starts the probes they launched; on the control thread. */
    private void drain() {
        while (true) {
            Runnable r;
            while ((r = inbox.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    future.completeExceptionally(new ProbeEngineException("the probe engine failed: "
                            + Failures.describe(e), e));
                }
            }
            flushStarts();
            draining.set(false);
            if (inbox.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

}
