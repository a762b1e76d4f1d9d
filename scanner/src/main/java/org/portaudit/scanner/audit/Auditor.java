package org.portaudit.scanner.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.portaudit.catalog.Catalog;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.engine.ProbeEngine;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;

/**
 * Runs an audit: resolves the targets, streams each host's probe tasks into the engine host after
 * host, judges each host as its last result arrives, and assembles the {@link AuditReport}.
 * Address blocks are expanded lazily, so a /16 costs no more memory than its open ports.
 */
public final class Auditor {
    /** Raised when the run cannot be done at all (no target resolved); exit code 3. */
    public static final class RunFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RunFailure(String message) {
            super(message);
        }
    }

    private final Catalog catalog;
    private final AuditPlan plan;
    private final Judgement judgement;
    private final EngineConfig engineConfig;
    private final Protocols protocols;
    private final ProgressListener progress;
    private final boolean rpcLookups;

    private java.util.concurrent.Future<ProbeEngine> engineStarting;

    public Auditor(Catalog catalog, AuditPlan plan, Judgement judgement, EngineConfig engineConfig, Protocols protocols,
                   ProgressListener progress, boolean rpcLookups) {
        this.rpcLookups = rpcLookups;
        this.catalog = catalog;
        this.plan = plan;
        this.judgement = judgement;
        this.engineConfig = engineConfig;
        this.protocols = protocols;
        this.progress = progress;
    }

    /**
     * Uses an engine that is being built elsewhere (the CLI starts one while it loads the catalog:
     * loading the native transport and starting threads costs as much as the catalog itself).
     */
    public Auditor withEngine(java.util.concurrent.Future<ProbeEngine> starting) {
        this.engineStarting = starting;
        return this;
    }

    private ProbeEngine engine() throws InterruptedException, ExecutionException {
        return engineStarting != null ? engineStarting.get() : new ProbeEngine(engineConfig);
    }

    public AuditReport run(List<TargetSpec> specs, RunOptions options) {
        Instant start = Instant.now();
        List<Target> named = resolveNames(specs);
        long blockHosts = 0;
        for (TargetSpec s : specs) {
            if (s instanceof TargetSpec.Block b) {
                blockHosts += b.size();
            }
        }
        long resolvable = named.stream().filter(t -> t.error() == null).count() + blockHosts;
        if (resolvable == 0) {
            String first = named.isEmpty() ? "no targets" : named.get(0).error();
            throw new RunFailure("no target resolved (" + first + (named.size() > 1 ? ", and " + (named.size() - 1)
                    + " more" : "") + ")");
        }
        int hostCount = (int) Math.min(Integer.MAX_VALUE, named.size() + blockHosts);
        long probesTotal = resolvable * plan.probesPerHost();
        // Filled by the engine's control thread during the run, then by this thread: never both at once.
        List<Finished> reports = new ArrayList<>();
        HostStream hosts = new HostStream(named, specs);
        long[] probesDone = {0};
        List<HostAudit> awaitingRpc = new ArrayList<>();
        try (ProbeEngine engine = engine()) {
            CompletableFuture<?> done = engine.run(hosts, (ProbeResult r) -> {
                HostAudit.Tag tag = (HostAudit.Tag) r.task().tag();
                probesDone[0]++;
                if (tag.host().accept(r, tag.expectedIndex())) {
                    if (rpcLookups && tag.host().wantsRpcLookup()) {
                        awaitingRpc.add(tag.host());
                    } else {
                        finish(tag.host(), reports);
                    }
                }
                progress.progress(probesDone[0], probesTotal, reports.size(), hostCount);
            });
            done.get();
            if (!awaitingRpc.isEmpty()) {
                new RpcPhase(engine, engineConfig.timeout()).run(awaitingRpc);
                for (HostAudit h : awaitingRpc) {
                    finish(h, reports);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RunFailure("engine failure: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted");
        }
        // Hosts with nothing to probe, and unresolved names, finish without results.
        for (HostAudit h : hosts.pendingWithoutResults()) {
            finish(h, reports);
        }
        reports.sort(Comparator.comparingLong(Finished::sequence));
        List<HostReport> sorted = reports.stream().map(Finished::report).toList();
        Instant end = Instant.now();
        return new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit 0.1.0", start.toString(), end.toString(),
                Duration.between(start, end).toMillis() / 1000.0, options, summarise(sorted), sorted,
                judgement.policy().summary(judgement.today()));
    }

    /** A judged host and its place in the order the targets were given. */
    private record Finished(long sequence, HostReport report) {
    }

    private void finish(HostAudit h, List<Finished> reports) {
        reports.add(new Finished(h.sequence(), h.report(catalog, judgement)));
    }

    private static RunSummary summarise(List<HostReport> hosts) {
        Map<String, Integer> findings = ConsoleRenderer.emptyCounts();
        int compliant = 0;
        int errors = 0;
        for (HostReport h : hosts) {
            if (h.error() != null) {
                errors++;
                continue;
            }
            if (h.compliant()) {
                compliant++;
            }
            h.counts().forEach((k, v) -> findings.merge(k, v, Integer::sum));
        }
        return new RunSummary(hosts.size(), compliant, hosts.size() - compliant - errors, errors, findings);
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

    /**
     * Streams the tasks of every host: a window of up to {@link #WINDOW} hosts at a time, their tasks
     * handed out round-robin (port 1 of each host, then port 2 ...). Interleaving lets one host's
     * paced UDP probes wait while the others' probes go out, and spreads the load over the targets;
     * the window bounds how many hosts' results are held at once. Names come first, then blocks.
     */
    private final class HostStream implements Iterator<ProbeTask> {
        private static final int WINDOW = 256;
        private final Iterator<Target> named;
        private final Iterator<TargetSpec> specs;
        private Iterator<java.net.InetAddress> block;
        private String blockGiven;
        private final java.util.ArrayDeque<Iterator<ProbeTask>> window = new java.util.ArrayDeque<>();
        private boolean targetsExhausted;
        private long sequence;
        private final List<HostAudit> empty = new ArrayList<>();

        HostStream(List<Target> named, List<TargetSpec> specs) {
            this.named = named.iterator();
            this.specs = specs.iterator();
        }

        /** Hosts whose task lists were empty (or that failed to resolve): no result will finish them. */
        List<HostAudit> pendingWithoutResults() {
            return empty;
        }

        private void fill() {
            while (window.size() < WINDOW && !targetsExhausted) {
                Target t = nextTarget();
                if (t == null) {
                    targetsExhausted = true;
                    return;
                }
                HostAudit h = new HostAudit(sequence++, t, plan, protocols);
                if (t.error() != null) {
                    h.markExhausted();
                    empty.add(h);
                    continue;
                }
                Iterator<ProbeTask> tasks = h.tasks();
                if (tasks.hasNext()) {
                    window.addLast(tasks);
                } else {
                    h.markExhausted();
                    empty.add(h);
                }
            }
        }

        @Override
        public boolean hasNext() {
            fill();
            return !window.isEmpty();
        }

        @Override
        public ProbeTask next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Iterator<ProbeTask> host = window.pollFirst();
            ProbeTask t = host.next();
            if (host.hasNext()) {
                window.addLast(host);
            }
            return t;
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
            java.net.InetAddress a = block.next();
            return new Target(blockGiven, null, a, null);
        }
    }
}
