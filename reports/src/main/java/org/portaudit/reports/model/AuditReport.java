package org.portaudit.reports.model;

import java.util.List;

/**
 * The result of one run: the lossless source every renderer draws from. Serialised as report.json,
 * whose shape is published as a JSON Schema ({@code org/portaudit/reports/report.schema.json}, schema
 * version {@value #SCHEMA_VERSION}); {@code portaudit report} and {@code diff} also read version 1.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION} for reports this code writes
 * @param tool          "portaudit" and the build's version
 * @param policies      the policies the hosts were judged with: one for a scan, one per inventory group for
 *                      an audit
 * @param drift         what changed since the previous run, or null when nothing was compared
 */
public record AuditReport(int schemaVersion, String tool, String startedAt, String finishedAt, double durationSeconds,
                          RunOptions options, RunSummary summary, List<HostReport> hosts, List<PolicySummary> policies,
                          Drift drift) {
    public static final int SCHEMA_VERSION = 2;

    public AuditReport {
        if (options == null || summary == null) {
            throw new IllegalArgumentException("a report needs its options and summary");
        }
        tool = Sanitize.text(tool, 128);
        startedAt = Sanitize.text(startedAt, 64);
        finishedAt = Sanitize.text(finishedAt, 64);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /** True when every host is compliant and none had an error. */
    public boolean compliant() {
        return summary.nonCompliant() == 0 && summary.errors() == 0;
    }

    /** The same report with {@code d} as its drift. */
    public AuditReport withDrift(Drift d) {
        return new AuditReport(schemaVersion, tool, startedAt, finishedAt, durationSeconds, options, summary, hosts,
                policies, d);
    }
}
