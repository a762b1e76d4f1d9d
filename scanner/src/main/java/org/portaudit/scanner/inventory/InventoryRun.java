package org.portaudit.scanner.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.portaudit.reports.drift.Drift;
import org.portaudit.reports.drift.Finding;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.scanner.audit.TargetSpec;
import org.portaudit.scanner.history.HistoryStore;

/**
 * One audit of an inventory: each group audited with its own roles, each host's results recorded in
 * the history as soon as its group is done, then one report over all hosts and its drift since the
 * previous complete run of the same inventory and shard.
 */
public final class InventoryRun {
    /** Audits one group's targets (the real one builds an {@code Auditor} as {@code scan} does). */
    @FunctionalInterface
    public interface GroupAuditor {
        AuditReport audit(Group group, List<TargetSpec> targets);
    }

    /** The report over all hosts, its drift (null without history), and the run's id in the history. */
    public record Result(AuditReport report, Drift drift, String runId) {
    }

    private static final String TOOL = "portaudit 0.1.0";

    private final Inventory inventory;
    private final Shard shard;
    private final DcLocator locator;
    private final GroupAuditor auditor;

    public InventoryRun(Inventory inventory, Shard shard, DcLocator locator, GroupAuditor auditor) {
        this.inventory = inventory;
        this.shard = shard;
        this.locator = locator;
        this.auditor = auditor;
    }

    /**
     * Runs the audit. With a history, the run is recorded as it goes and drift is computed from the
     * history; without one, drift is null.
     *
     * @param options the options the merged report says it was run with (targets and roles are filled in)
     */
    public Result run(HistoryStore history, RunOptions options) {
        Instant start = Instant.now();
        recorded.clear();
        HistoryStore.Run run = history == null ? null : history.startRun(inventory.name(), shard.toString(), start, TOOL);
        List<HostReport> hosts = new ArrayList<>();
        Set<String> targetTexts = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        for (Group g : inventory.groups()) {
            roles.addAll(g.roles());
            List<HostReport> found;
            List<TargetSpec> targets;
            try {
                targets = GroupTargets.of(g, shard, locator, inventory.allowSpecialTargets());
            } catch (IllegalStateException e) {
                // The domain's controllers could not be found: the report says so, as a host that could not be audited.
                String t = "_ldap._tcp.dc._msdcs." + g.domain();
                targetTexts.add(t);
                found = List.of(errorHost(t, e.getMessage()));
                record(history, run, g, found);
                hosts.addAll(found);
                continue;
            }
            if (targets.isEmpty()) {
                continue;
            }
            targets.forEach(t -> targetTexts.add(t.given()));
            found = auditor.audit(g, targets).hosts();
            record(history, run, g, found);
            hosts.addAll(found);
        }
        Instant end = Instant.now();
        RunOptions merged = new RunOptions(new ArrayList<>(targetTexts), new ArrayList<>(roles), options.windows(),
                options.unexpected(), options.failOn(), options.timeoutMillis(), options.retries(), options.concurrency(),
                options.rate(), options.connectOnly());
        AuditReport report = new AuditReport(AuditReport.SCHEMA_VERSION, TOOL, start.toString(), end.toString(),
                Duration.between(start, end).toMillis() / 1000.0, merged, summarise(hosts), hosts);
        Drift drift = null;
        if (history != null) {
            history.finishRun(run.id(), end);
            Optional<HistoryStore.Run> prev = history.previousComplete(inventory.name(), shard.toString(), run.id());
            drift = prev.isEmpty()
                    ? Drift.compute(null, List.of(), List.of(), Finding.of(report), Drift.audited(report))
                    : Drift.compute(prev.get().describe(), history.findings(prev.get().id()),
                            history.targets(prev.get().id()), Finding.of(report), Drift.audited(report));
        }
        return new Result(report, drift, run == null ? null : run.id());
    }

    private final Set<String> recorded = new java.util.HashSet<>();

    /** Records each host once per group: overlapping blocks in one group audit an address twice. */
    private void record(HistoryStore history, HistoryStore.Run run, Group g, List<HostReport> found) {
        if (history != null) {
            for (HostReport h : found) {
                if (recorded.add(g.name() + "\u0000" + Finding.host(h))) {
                    history.recordHost(run.id(), g.name(), h);
                }
            }
        }
    }

    /** A host that could not be audited, with the reason. */
    public static HostReport errorHost(String target, String error) {
        return new HostReport(target, null, null, error, false, ConsoleRenderer.emptyCounts(), List.of(), List.of(), 0);
    }

    /** Counts over all hosts, as a single scan counts them. */
    static RunSummary summarise(List<HostReport> hosts) {
        Map<String, Integer> findings = new LinkedHashMap<>(ConsoleRenderer.emptyCounts());
        int compliant = 0;
        int errors = 0;
        for (HostReport h : hosts) {
            if (h.error() != null) {
                errors++;
            } else if (h.compliant()) {
                compliant++;
            }
            h.counts().forEach((k, v) -> findings.merge(k, v, Integer::sum));
        }
        return new RunSummary(hosts.size(), compliant, hosts.size() - compliant - errors, errors, findings);
    }
}
