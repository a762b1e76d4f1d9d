package org.portaudit.reports.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;

/**
 * A report's drift as the renderers place it: which row's finding is new or persisting, and which resolved
 * findings belong to which host. Matches as drift does: host (as {@link DriftFinding#host}), transport, port and
 * finding kind. Empty when the report has no drift.
 */
final class DriftMarks {
    static final String NEW = "new";
    static final String PERSISTING = "persisting";
    static final String RESOLVED = "resolved";

    private final Drift drift;
    private final Map<String, String> marks = new HashMap<>();
    private final Map<String, List<DriftFinding>> resolvedByHost = new LinkedHashMap<>();
    private final List<DriftFinding> resolvedElsewhere = new ArrayList<>();

    private DriftMarks(AuditReport report) {
        this.drift = report.drift();
        if (drift == null) {
            return;
        }
        drift.persisting().forEach(f -> marks.put(f.key(), PERSISTING));
        drift.newFindings().forEach(f -> marks.put(f.key(), NEW));
        Set<String> hosts = new HashSet<>();
        report.hosts().forEach(h -> hosts.add(DriftFinding.host(h)));
        for (DriftFinding f : drift.resolved()) {
            if (hosts.contains(f.target())) {
                resolvedByHost.computeIfAbsent(f.target(), t -> new ArrayList<>()).add(f);
            } else {
                resolvedElsewhere.add(f);
            }
        }
    }

    static DriftMarks of(AuditReport report) {
        return new DriftMarks(report);
    }

    /** The report's drift, or null. */
    Drift drift() {
        return drift;
    }

    /** "new", "persisting", or "" (no drift, ok, not-checked, or an endpoint's own row). */
    String mark(Observation o) {
        if (drift == null || o.isEndpoint()) {
            return "";
        }
        return marks.getOrDefault(key(DriftFinding.host(o.host()), o.transport(), o.port(), o.finding()), "");
    }

    /** The resolved findings of this host, in drift's order. */
    List<DriftFinding> resolved(HostReport h) {
        return resolvedByHost.getOrDefault(DriftFinding.host(h), List.of());
    }

    /** Resolved findings of hosts this report does not list (a report whose drift was written elsewhere). */
    List<DriftFinding> resolvedElsewhere() {
        return resolvedElsewhere;
    }

    /** The identity drift matches on, from a row's words ({@link DriftFinding#key}). */
    static String key(String host, String transport, String port, FindingKind finding) {
        return place(host, transport, port) + "\u0000" + finding.word();
    }

    /** Where a finding is: host, transport and port, whatever the finding (the row that shows it). */
    static String place(String host, String transport, String port) {
        return host + "\u0000" + transport + "\u0000" + port;
    }

    /** "since run 3f2a ...", or "with no earlier audit" when drift had nothing to compare with. */
    static String since(Drift d) {
        return d.since() == null ? "with no earlier audit (every finding is new)" : "since " + d.since();
    }
}
