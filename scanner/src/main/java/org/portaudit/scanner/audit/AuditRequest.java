package org.portaudit.scanner.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PolicySummary;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.reports.model.Version;
import org.portaudit.scanner.engine.EngineConfig;

/**
 * Everything a run was asked for, checked: the one object the command line builds for {@code scan} and
 * {@code audit} alike. It makes the {@link Auditor.Job} of each group of hosts and assembles the report,
 * so both commands run the same code path.
 *
 * @param protocols the protocol probes for hosts of a domain (the argument; may be null), or none
 *                  with --connect-only
 */
public record AuditRequest(Catalog catalog, WindowsVersion version, UnexpectedScope scope, EngineConfig engine,
                           Set<FindingKind> failOn, int certWarnDays, Clock clock, boolean connectOnly,
                           Function<String, Protocols> protocols) {
    public AuditRequest {
        failOn = Set.copyOf(failOn);
    }

    /** The judging settings with a group's policy. */
    public Judgement judgement(Policy policy) {
        return new Judgement(failOn, certWarnDays, policy, clock);
    }

    /** The job of one group: its targets, roles, policy and domain (null where none is known). */
    public Auditor.Job job(String group, List<TargetSpec> targets, List<Role> roles, Policy policy, String domain) {
        return job(group, targets, roles, policy, domain, Perspective.all());
    }

    /** The job of one group, expecting only the ports that serve {@code from} (--from, an inventory's from:). */
    public Auditor.Job job(String group, List<TargetSpec> targets, List<Role> roles, Policy policy, String domain,
                           Set<Perspective> from) {
        AuditPlan plan = new AuditPlan(catalog, roles, version, scope, policy, from);
        Protocols p = protocols.apply(domain);
        return new Auditor.Job(group, targets, new Judge(catalog, plan, p, judgement(policy)), policy, p, !connectOnly);
    }

    /** The options a report says it was run with, asking for every perspective. */
    public RunOptions options(List<String> targets, List<String> roles, String domain) {
        return options(targets, roles, domain, Perspective.all());
    }

    /** The options a report says it was run with, asking for the perspectives {@code from}. */
    public RunOptions options(List<String> targets, List<String> roles, String domain, Set<Perspective> from) {
        return new RunOptions(targets, roles, version.id(), scope.spec(), List.copyOf(failOn),
                engine.timeout().toMillis(), engine.retries(), engine.concurrency(), (int) engine.rate(), connectOnly,
                domain, null, List.copyOf(from));
    }

    /** The policy summary of a group (null for a scan), judged on the run's day. */
    public PolicySummary policySummary(Policy policy, String group) {
        return policy.summary(java.time.LocalDate.now(clock), group);
    }

    /** A run of which no target resolved could not be done at all (exit 3), rather than being all errors. */
    public static List<HostReport> requireResolved(List<HostReport> found) {
        if (found.stream().allMatch(h -> h.error() != null)) {
            throw new Auditor.RunFailure(Auditor.RunFailure.Reason.NO_TARGET_RESOLVED, "no target resolved ("
                    + (found.isEmpty() ? "no targets" : found.get(0).error()) + (found.size() > 1 ? ", and "
                    + (found.size() - 1) + " more" : "") + ")");
        }
        return found;
    }

    /** The report over {@code hosts}, in the order given. */
    public static AuditReport report(Instant start, Instant end, RunOptions options, List<HostReport> hosts,
                                     List<PolicySummary> policies, Drift drift) {
        return new AuditReport(AuditReport.SCHEMA_VERSION, Version.tool(), start.toString(), end.toString(),
                Duration.between(start, end).toMillis() / 1000.0, options, RunSummary.of(hosts), hosts, policies,
                drift);
    }
}
