package org.portaudit.scanner.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PolicySummary;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.scanner.audit.AuditRequest;
import org.portaudit.scanner.audit.TargetSpec;
import org.portaudit.scanner.history.HistoryStore;

/**
 * One audit of an inventory: each group audited with its own roles and policy, each host's results
 * recorded in the history as soon as its group is done, then one report over all hosts, with the policy
 * of every group and its drift since the previous complete run of the same inventory and shard.
 */
public final class InventoryRun {
    /**
     * Audits one group's targets (the real one runs an {@code Auditor} job, as {@code scan} does), telling
     * {@code judged} about each host as soon as it is judged (any thread, one call at a time), and returns
     * the hosts in target order.
     */
    @FunctionalInterface
    public interface GroupAuditor {
        List<HostReport> audit(Group group, List<TargetSpec> targets, java.util.function.Consumer<HostReport> judged);
    }

    /** The report over all hosts (with its drift when there was a history), and the run's id in the history. */
    public record Result(AuditReport report, String runId) {
        public Drift drift() {
            return report.drift();
        }
    }

    private final Inventory inventory;
    private final Shard shard;
    private final DcLocator locator;
    private final GroupAuditor auditor;
    private final BiFunction<Group, String, PolicySummary> policies;

    /**
     * @param policies the summary of a group's policy for the report (group, and the group's name); null: none
     */
    public InventoryRun(Inventory inventory, Shard shard, DcLocator locator, GroupAuditor auditor,
                        BiFunction<Group, String, PolicySummary> policies) {
        this.inventory = inventory;
        this.shard = shard;
        this.locator = locator;
        this.auditor = auditor;
        this.policies = policies;
    }

    public InventoryRun(Inventory inventory, Shard shard, DcLocator locator, GroupAuditor auditor) {
        this(inventory, shard, locator, auditor, null);
    }

    /**
     * Runs the audit. With a history, the run is recorded as it goes and drift is computed from the
     * history; without one, the report has no drift.
     *
     * @param options the options the merged report says it was run with (targets and roles are filled in)
     */
    public Result run(HistoryStore history, RunOptions options) {
        Instant start = Instant.now();
        recorded.clear();
        HistoryStore.Run run = history == null ? null
                : history.startRun(inventory.name(), shard.toString(), start, org.portaudit.reports.model.Version.tool());
        List<HostReport> hosts = new ArrayList<>();
        List<PolicySummary> summaries = new ArrayList<>();
        Set<String> targetTexts = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        for (Group g : inventory.groups()) {
            roles.addAll(g.roles());
            if (policies != null) {
                summaries.add(policies.apply(g, g.name()));
            }
            GroupTargets.Targets resolved = GroupTargets.resolve(g, shard, locator, inventory.allowSpecialTargets());
            // A bad DNS answer (no controllers found, a controller that is no target) is that host's error in the
            // report; the group's other hosts are audited.
            for (HostReport failed : resolved.failed()) {
                targetTexts.add(failed.target());
                record(history, run, g, List.of(failed));
                hosts.add(failed);
            }
            List<TargetSpec> targets = resolved.targets();
            List<HostReport> found;
            if (targets.isEmpty()) {
                continue;
            }
            targets.forEach(t -> targetTexts.add(t.given()));
            // Each host goes into the history as soon as it is judged (a run killed mid-group keeps them), on a
            // writer thread of its own: a commit per host must not hold up the engine's control thread.
            try (HostWriter writer = new HostWriter(h -> record(history, run, g, List.of(h)))) {
                found = auditor.audit(g, targets, writer::accept);
                writer.finish();
            }
            hosts.addAll(found);
        }
        Instant end = Instant.now();
        RunOptions merged = options.with(new ArrayList<>(targetTexts), new ArrayList<>(roles));
        AuditReport report = AuditRequest.report(start, end, merged, hosts, summaries, null);
        if (history != null) {
            history.finishRun(run.id(), end);
            Optional<HistoryStore.Run> prev = history.previousComplete(inventory.name(), shard.toString(), run.id());
            Drift drift = prev.isEmpty()
                    ? Drift.compute(null, List.of(), List.of(), DriftFinding.of(report), Drift.audited(report))
                    : Drift.compute(prev.get().describe(), history.findings(prev.get().id()),
                            history.targets(prev.get().id()), DriftFinding.of(report), Drift.audited(report));
            report = report.withDrift(drift);
        }
        return new Result(report, run == null ? null : run.id());
    }

    /** Touched only inside {@link #record}, which is synchronized (the writer thread and this one take turns). */
    private final Set<String> recorded = new java.util.HashSet<>();

    /**
     * Writes judged hosts to the history on one thread of its own, in the order they were judged. The first
     * failure is rethrown by {@link #finish} (the later hosts are not written: the run stays 'running' and the
     * next run marks it 'incomplete').
     */
    private static final class HostWriter implements AutoCloseable {
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "portaudit-history");
            t.setDaemon(true);
            return t;
        });
        private final java.util.function.Consumer<HostReport> write;
        private volatile RuntimeException failed;

        HostWriter(java.util.function.Consumer<HostReport> write) {
            this.write = write;
        }

        void accept(HostReport h) {
            thread.execute(() -> {
                if (failed == null) {
                    try {
                        write.accept(h);
                    } catch (RuntimeException e) {
                        failed = e;
                    }
                }
            });
        }

        /** Waits for every host handed over so far to be written, and rethrows the first failure. */
        void finish() {
            thread.shutdown();
            try {
                while (!thread.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    // a slow database: keep waiting, the hosts must be written before the run is finished
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the history", e);
            }
            if (failed != null) {
                throw failed;
            }
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    /** Records each host once per group: overlapping blocks in one group audit an address twice. */
    private synchronized void record(HistoryStore history, HistoryStore.Run run, Group g, List<HostReport> found) {
        if (history != null) {
            for (HostReport h : found) {
                if (recorded.add(g.name() + "\u0000" + DriftFinding.host(h))) {
                    history.recordHost(run.id(), g.name(), h);
                }
            }
        }
    }
}
