package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The result of one run: the lossless source every renderer draws from. Serialised as report.json
 * (schema documented in the README; {@code schemaVersion} changes when its shape does).
 * {@code policy} was added within schema version 1: it is left out of the JSON when null (a report
 * written before it existed), so such a report re-renders byte for byte. An audit of an inventory adds
 * an optional {@code drift} member ({@code org.portaudit.reports.drift.Drift}); reading such a report
 * back ignores it.
 */
@JsonIgnoreProperties({"drift"})
public record AuditReport(int schemaVersion, String tool, String startedAt, String finishedAt,
                          double durationSeconds, RunOptions options, RunSummary summary, List<HostReport> hosts,
                          @JsonInclude(JsonInclude.Include.NON_NULL) PolicySummary policy) {
    public static final int SCHEMA_VERSION = 1;

    @JsonCreator
    public AuditReport {
        hosts = List.copyOf(hosts);
    }

    /** A report without a policy summary (as written before policies existed). */
    public AuditReport(int schemaVersion, String tool, String startedAt, String finishedAt, double durationSeconds,
                       RunOptions options, RunSummary summary, List<HostReport> hosts) {
        this(schemaVersion, tool, startedAt, finishedAt, durationSeconds, options, summary, hosts, null);
    }

    /** True when every host is compliant and none had an error. */
    public boolean compliant() {
        return summary.nonCompliant() == 0 && summary.errors() == 0;
    }
}
