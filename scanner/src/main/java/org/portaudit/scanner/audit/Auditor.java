package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.portaudit.reports.model.HostReport;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.engine.Failures;
import org.portaudit.scanner.engine.ProbeEngine;
import org.portaudit.scanner.engine.ProbeEngineException;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.engine.TaskSource;
import org.portaudit.scanner.rpc.EndpointMapperClient;
import org.portaudit.scanner.rpc.RpcEndpoint;
import org.portaudit.scanner.rpc.RpcException;

/**
 * Runs audits on one probe engine: resolves the targets, streams each host's probe tasks into the engine
 * (hosts interleaved round-robin, at most {@link #WINDOW} hosts open at once), starts a host's
 * endpoint-mapper lookup as soon as its 135/tcp answers and probes the advertised ports as soon as they are
 * known, and judges each host as its last probe ends. Address blocks are expanded lazily, so a /16 costs no
 * more memory than the open hosts. One auditor serves every group of an inventory; close it at the end.
 */
public final class Auditor implements AutoCloseable {
    /** Hosts open at once: admitted and not yet judged. Bounds memory whatever the number of targets. */
    static final int WINDOW = 256;
    /** Endpoint-mapper lookups in flight at once: each holds one connection and a little decoding state. */
    private static final int PARALLEL_LOOKUPS = 64;

    /** Why a run could not be done at all; the CLI maps it to exit code 3. */
    public static final class RunFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** What went wrong. */
        public enum Reason { NO_TARGET_RESOLVED, ENGINE_FAILURE, INTERRUPTED }

        private final Reason reason;

        public RunFailure(Reason reason, String message) {
            this(reason, message, null);
        }

        /** With the failure behind it, for the stack trace --verbose prints. */
        public RunFailure(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /**
     * One group of targets judged alike: the targets, the judge (plan, protocols, judgement), the policy
     * and the group's name in the report (null for a scan).
     */
    public record Job(String group, List<TargetSpec> targets, Judge judge, Policy policy, Protocols protocols,
                      boolean rpcLookups) {
        public Job {
            targets = List.copyOf(targets);
        }
    }

    /** A judged host, told as soon as it is judged (in completion order; {@code sequence} is its target order). */
    @FunctionalInterface
    public interface HostSink {
        void host(long sequence, HostReport report);
    }

    private final EngineConfig engineConfig;
    private final ProgressListener progress;
    private final Future<ProbeEngine> starting;
    private ProbeEngine engine;

    /**
     * @param starting an engine being built elsewhere (the CLI starts one while it loads the catalog: loading
     *                 the native transport and starting threads costs as much as the catalog), or null
     */
    public Auditor(EngineConfig engineConfig, ProgressListener progress, Future<ProbeEngine> starting) {
        this.engineConfig = engineConfig;
        this.progress = progress;
        this.starting = starting;
    }

    private ProbeEngine engine() throws InterruptedException, ExecutionException {
        if (engine == null) {
            engine = starting != null ? starting.get() : new ProbeEngine(engineConfig);
        }
        return engine;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        } else if (starting != null && starting.isDone()) {
            try {
                starting.get().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // it never started: nothing to close
            }
        }
    }

    /** Audits one job and returns its hosts in target order. */
    public List<HostReport> audit(Job job) {
        return audit(job, r -> { });
    }

    /** Audits one job, telling {@code judged} of each host as it is judged, and returns the hosts in target order. */
    public List<HostReport> audit(Job job, java.util.function.Consumer<HostReport> judged) {
        List<Numbered> out = new ArrayList<>();
        audit(job, (seq, r) -> {
            judged.accept(r);
            out.add(new Numbered(seq, r));
        });
        out.sort(Comparator.comparingLong(Numbered::sequence));
        return out.stream().map(Numbered::report).toList();
    }

    private record Numbered(long sequence, HostReport report) {
    }

    /**
     * Audits one job, handing each host to {@code sink} as it is judged (on the engine's control thread, or on
     * this one for hosts that need no probe). Returns how many hosts resolved.
     */
    public long audit(Job job, HostSink sink) {
        List<Target> named = resolveNames(job.targets());
        Hosts hosts = new Hosts(job, named, sink);
        try {
            ProbeEngine e = engine();
            hosts.lookups = new EndpointMapperClient(e.group());
            e.run(hosts, hosts::result).get();
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            throw new RunFailure(RunFailure.Reason.ENGINE_FAILURE, "engine failure: "
                    + (cause instanceof ProbeEngineException ? cause.getMessage() : Failures.describe(cause)), cause);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RunFailure(RunFailure.Reason.INTERRUPTED, "interrupted");
        }
        return hosts.resolved;
    }

    private static List<Target> resolveNames(List<TargetSpec> specs) {
        List<CompletableFuture<Target>> futures = new ArrayList<>();
        try (TargetResolver resolver = new TargetResolver(8)) {
            for (TargetSpec s : specs) {
                if (s instanceof TargetSpec.Name n) {
                    futures.add(resolver.resolve(n));
                }
            }
            List<Target> out = new ArrayList<>();
            for (CompletableFuture<Target> f : futures) {
                out.add(f.join());
            }
            return out;
        }
    }

    /** How long one endpoint-mapper lookup may take: a bind plus a few requests; several probe timeouts, at least 5 s. */
    private Duration lookupTimeout() {
        Duration five = engineConfig.timeout().multipliedBy(5);
        return five.compareTo(Duration.ofSeconds(5)) > 0 ? five : Duration.ofSeconds(5);
    }

    /**
     * The task source of one job: admits hosts into a window, hands out their tasks round-robin (port 1 of
     * each host, then port 2 ...: one host's paced UDP probes wait while the others' go out), and feeds the
     * mapper's ports back in. {@link #poll} and {@link #result} run on the engine's control thread; lookups
     * complete on event loops and hand over through {@link #arrived}.
     */
    private final class Hosts implements TaskSource<HostScan.Slot> {
        private final Job job;
        private final AuditPlan plan;
        private final Iterator<Target> named;
        private final Iterator<TargetSpec> specs;
        private final HostSink sink;
        private final ArrayDeque<HostScan> ready = new ArrayDeque<>();
        private final ArrayDeque<HostScan> lookupQueue = new ArrayDeque<>();
        private final Queue<Arrival> arrived = new ConcurrentLinkedQueue<>();
        private final long probesPerHost;
        private Iterator<InetAddress> block;
        private String blockGiven;
        private boolean targetsExhausted;
        private long sequence;
        private int open;
        private int lookupsRunning;
        private long probesDone;
        private int hostsDone;
        private long resolved;
        private volatile Runnable wakeup = () -> { };
        EndpointMapperClient lookups;

        Hosts(Job job, List<Target> named, HostSink sink) {
            this.job = job;
            this.plan = job.judge().plan();
            this.named = named.iterator();
            this.specs = job.targets().iterator();
            this.sink = sink;
            this.probesPerHost = plan.probesPerHost();
        }

        private record Arrival(HostScan host, List<RpcEndpoint> endpoints, Throwable error) {
        }

        @Override
        public void onWakeup(Runnable w) {
            this.wakeup = w;
        }

        @Override
        public ProbeTask<HostScan.Slot> poll() {
            Arrival a;
            while ((a = arrived.poll()) != null) {
                lookupsRunning--;
                if (a.error() != null) {
                    Throwable c = a.error() instanceof CompletionException && a.error().getCause() != null
                            ? a.error().getCause() : a.error();
                    a.host().results.rpcLookupFailed(c instanceof RpcException ? c.getMessage() : Failures.describe(c));
                    a.host().lookupDone();
                } else {
                    a.host().results.rpcEndpoints(a.endpoints());
                    a.host().advertised();
                }
                becameReady(a.host());
            }
            startLookups();
            admit();
            HostScan h;
            while ((h = ready.pollFirst()) != null) {
                h.queued = false;
                ProbeTask<HostScan.Slot> t = h.next();
                if (t == null) {
                    continue; // nothing now: it comes back when its lookup arrives
                }
                if (h.hasNext()) {
                    h.queued = true;
                    ready.addLast(h);
                }
                return t;
            }
            return null;
        }

        @Override
        public boolean finished() {
            return targetsExhausted && open == 0;
        }

        /** One result, on the control thread. */
        void result(ProbeResult<HostScan.Slot> r) {
            HostScan.Slot slot = r.task().tag();
            HostScan h = slot.host();
            h.accept(r.task(), r);
            probesDone++;
            if (job.rpcLookups() && h.wantsLookup(slot.index(), r.state())) {
                h.lookup = HostScan.Lookup.QUEUED;
                lookupQueue.add(h);
                startLookups();
            }
            becameReady(h); // done, or given more to do (the endpoints that waited for its domain)
            progress.progress(probesDone, probesDone + 1 + (long) open * probesPerHost, hostsDone,
                    (int) Math.min(Integer.MAX_VALUE, sequence));
        }

        private void startLookups() {
            while (lookupsRunning < PARALLEL_LOOKUPS && !lookupQueue.isEmpty()) {
                HostScan h = lookupQueue.poll();
                h.lookup = HostScan.Lookup.RUNNING;
                lookupsRunning++;
                lookups.lookup(h.address(), lookupTimeout()).whenComplete((eps, err) -> {
                    arrived.add(new Arrival(h, eps, err));
                    wakeup.run();
                });
            }
        }

        /** A host got more to do, or may have become complete. */
        private void becameReady(HostScan h) {
            if (h.complete()) {
                finish(h);
            } else if (!h.queued && h.hasNext()) {
                h.queued = true;
                ready.addLast(h);
            }
        }

        private void admit() {
            while (open < WINDOW && !targetsExhausted) {
                Target t = nextTarget();
                if (t == null) {
                    targetsExhausted = true;
                    return;
                }
                long seq = sequence++;
                Policy.HostPolicy policy = job.policy().forHost(t, plan.roleIds());
                HostScan h = new HostScan(seq, t, plan, job.protocols(), policy);
                open++;
                if (t.error() == null) {
                    resolved++;
                }
                if (t.error() != null || !h.hasNext()) {
                    finish(h);
                } else {
                    h.queued = true;
                    ready.addLast(h);
                }
            }
        }

        private void finish(HostScan h) {
            open--;
            hostsDone++;
            HostReport judged = job.judge().judge(h.results, h.policy, job.group());
            // Where it was probed from: the kernel's source address toward it (asked without sending anything).
            if (judged.error() == null) {
                judged = judged.withVantage(Vantage.toward(h.results.target().address()));
            }
            sink.host(h.sequence, judged);
        }

        private Target nextTarget() {
            if (named.hasNext()) {
                return named.next();
            }
            while (block == null || !block.hasNext()) {
                if (!specs.hasNext()) {
                    return null;
                }
                TargetSpec s = specs.next();
                if (s instanceof TargetSpec.Block b) {
                    block = b.addresses();
                    blockGiven = b.given();
                }
            }
            return new Target(blockGiven, null, block.next(), null);
        }
    }
}
