package org.portaudit.scanner.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.portaudit.catalog.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous probe engine: TCP connect and UDP probes over one Netty event loop group (native
 * epoll where available, NIO otherwise).
 *
 * <pre>{@code
 * try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withRate(500))) {
 *     RunStats stats = engine.run(tasks, result -> sink.add(result)).join();
 * }
 * }</pre>
 *
 * <p>Tasks are pulled from the iterator only as slots free (never more than the concurrency ahead of
 * the results handed out), so a run over millions of tasks holds only the probes in flight. The
 * engine never prints, never blocks an event loop and never exits the JVM; its threads are daemons.
 * Runs may overlap; each has the engine's concurrency cap, and they share the rate and UDP pacing.
 */
public final class ProbeEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeEngine.class);

    private final EngineConfig config;
    private final Transports transports;
    private final EventLoopGroup group;
    private final ScheduledThreadPoolExecutor control;
    private final Bootstrap udp4;
    private final Bootstrap udp6;
    private final TokenBucket rate;
    private final HostPacer pacer;
    private final int concurrency;
    private final Set<ProbeRun<?>> runs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread controlThread;

    public ProbeEngine(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transports = Transports.choose(config.nativeTransport());
        if (config.nativeTransport() && !"epoll".equals(transports.name())) {
            LOG.debug("probe engine: native epoll not available ({}), using nio", Transports.epollUnavailableReason());
        } else {
            LOG.debug("probe engine: using {} transport", transports.name());
        }
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        this.group = transports.newGroup(threads, new DefaultThreadFactory("portaudit-probe", true));
        this.control = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "portaudit-engine-control");
            t.setDaemon(true);
            controlThread = t;
            return t;
        });
        control.setRemoveOnCancelPolicy(true);
        control.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.connectTimeoutMillis = (int) Math.max(1, config.timeout().toMillis());
        this.udp4 = udpBootstrap(InternetProtocolFamily.IPv4);
        this.udp6 = udpBootstrap(InternetProtocolFamily.IPv6);
        this.rate = config.rate() > 0 ? new TokenBucket(config.rate(), Math.max(1, config.rate() / 20), System::nanoTime)
                : null;
        this.pacer = new HostPacer(config.udpPacing(), config.udpHostBurst(), config.udpHostPerSecond(),
                config.minTimeout().toNanos(), config.timeout().toNanos(), System::nanoTime);
        this.concurrency = capConcurrency(config.concurrency(), FdBudget.read());
        control.scheduleWithFixedDelay(pacer::evictIdle, 10, 10, TimeUnit.SECONDS);
    }

    /**
     * Probes every task and hands each result to {@code listener} (see {@link ProbeListener} for the
     * thread and the back-pressure). The future completes with the totals when the iterator is
     * exhausted and every result was handed out; exceptionally with a {@link ProbeEngineException}
     * when this machine, the iterator or the listener failed, or with a {@link CancellationException}
     * when the engine was closed. Cancelling it stops the run: no more tasks are pulled, probes in
     * flight are closed and the listener is not called again. It completes on the engine's control
     * thread: use the {@code ...Async} stages for heavy follow-up work.
     *
     * @throws IllegalStateException when the engine is closed
     */
    public <T> CompletableFuture<RunStats> run(Iterator<ProbeTask<T>> tasks, ProbeListener<T> listener) {
        return run(TaskSource.of(tasks), listener);
    }

    /**
     * Like {@link #run(Iterator, ProbeListener)}, over a source that may have nothing now and more
     * later: the run ends only when the source is {@link TaskSource#finished() finished} and every
     * result was handed out.
     */
    public <T> CompletableFuture<RunStats> run(TaskSource<T> tasks, ProbeListener<T> listener) {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new IllegalStateException("the probe engine is closed");
        }
        ProbeRun<T> run = new ProbeRun<>(this, control, tasks, listener, concurrency);
        runs.add(run);
        run.future().whenComplete((s, e) -> runs.remove(run));
        run.begin();
        return run.future();
    }

    /** The cap on probes in flight actually used: the configured one, lowered to fit the open-file limit. */
    public int concurrency() {
        return concurrency;
    }

    /**
     * The run's one event loop group, for other clients of the same run (the RPC endpoint mapper)
     * so that a run never has two.
     */
    public EventLoopGroup group() {
        return group;
    }

    /**
     * The smoothed round trip the engine measured to {@code host} (its connects' SYN-ACKs and RSTs,
     * its ICMP errors), from which it sets that host's timeouts; empty when the host has not answered
     * (or has been idle long enough to be forgotten).
     */
    public Optional<java.time.Duration> smoothedRtt(java.net.InetAddress host) {
        long srtt = pacer.srttNanos(host);
        return srtt < 0 ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(srtt));
    }

    /** "epoll" or "nio". */
    public String transport() {
        return transports.name();
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * Ends all runs (their futures complete with a {@link CancellationException}), closes every probe
     * socket and stops the engine's threads, waiting a few seconds for them unless called from the
     * engine's own threads (a listener). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ProbeRun<?> run : runs) {
            run.stop(new CancellationException("the probe engine was closed"));
        }
        control.shutdown();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (Thread.currentThread() == controlThread || isEventLoopThread()) {
            return;
        }
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
            group.terminationFuture().await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} has finished stopping every thread. */
    public boolean isTerminated() {
        return control.isTerminated() && group.isTerminated();
    }

    private boolean isEventLoopThread() {
        for (io.netty.util.concurrent.EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    static int capConcurrency(int requested, Optional<FdBudget.Limits> limits) {
        if (limits.isEmpty()) {
            return requested;
        }
        int capped = FdBudget.cap(requested, limits.get(), FdBudget.RESERVE);
        if (capped < requested) {
            LOG.warn("concurrency lowered from {} to {}: the process may open {} files, {} are open and {} are"
                    + " kept in reserve (raise the limit with 'ulimit -n')", requested, capped,
                    limits.get().max(), limits.get().open(), FdBudget.RESERVE);
        }
        return capped;
    }

    private final int connectTimeoutMillis;

    private Bootstrap udpBootstrap(InternetProtocolFamily family) {
        return new Bootstrap().group(group)
                .channelFactory(transports.udp(family))
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(config.maxDatagramBytes()).maxMessagesPerRead(4));
    }

    /**
     * A new, unregistered TCP channel for {@code task}, with the connect timeout set. TCP probes make
     * their channels directly rather than through a Bootstrap: a bootstrap per probe copies its option
     * maps, consults the address resolver for an address that is already resolved, and queues the
     * connect as one more event-loop task, all per port of a sweep.
     */
    Channel newTcpChannel(ProbeTask<?> task) {
        Channel ch = transports.tcp(task.target() instanceof Inet6Address
                ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4).newChannel();
        ch.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
        return ch;
    }

    /** The UDP bootstrap for the task's address family. */
    Bootstrap bootstrap(ProbeTask<?> task) {
        return task.target() instanceof Inet6Address ? udp6 : udp4;
    }

    EventLoop nextLoop() {
        return group.next();
    }

    Transports transports() {
        return transports;
    }

    TokenBucket rate() {
        return rate;
    }

    HostPacer pacer() {
        return pacer;
    }

    void forget(ProbeRun<?> run) {
        runs.remove(run);
    }
}
