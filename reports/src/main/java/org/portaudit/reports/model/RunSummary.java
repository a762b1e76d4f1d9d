package org.portaudit.reports.model;

import java.util.Map;

/** Counts over all hosts of a run. */
public record RunSummary(int hosts, int compliant, int nonCompliant, int errors, Map<String, Integer> findings) {
    public RunSummary {
        findings = Map.copyOf(findings);
    }
}
