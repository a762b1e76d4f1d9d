package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The result of one run: the lossless source every renderer draws from. Serialised as report.json
 * (schema documented in the README; {@code schemaVersion} changes when its shape does). An audit of an
 * inventory adds an optional {@code drift} member ({@code org.portaudit.reports.drift.Drift}); reading
 * such a report back ignores it.
 */
@JsonIgnoreProperties({"drift"})
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
