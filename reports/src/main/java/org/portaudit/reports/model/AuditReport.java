package org.portaudit.reports.model;

import java.util.List;

/**
 * The result of one run: the lossless source every renderer draws from. Serialised as report.json
 * (schema documented in the README; {@code schemaVersion} changes when its shape does).
 */
public record AuditReport(int schemaVersion, String tool, String startedAt, String finishedAt,
                          double durationSeconds, RunOptions options, RunSummary summary, List<HostReport> hosts) {
    public static final int SCHEMA_VERSION = 1;

    public AuditReport {
        hosts = List.copyOf(hosts);
    }

    /** True when every host is compliant and none had an error. */
    public boolean compliant() {
        return summary.nonCompliant() == 0 && summary.errors() == 0;
    }
}
