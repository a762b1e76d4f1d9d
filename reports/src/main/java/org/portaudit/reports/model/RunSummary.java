package org.portaudit.reports.model;

import java.util.Collection;

/** Counts over all hosts of a run. */
public record RunSummary(int hosts, int compliant, int nonCompliant, int errors, Counts findings) {
    public RunSummary {
        findings = findings == null ? Counts.empty() : findings;
    }

    /** The counts over {@code hosts}: a host with an error is neither compliant nor non-compliant. */
    public static RunSummary of(Collection<HostReport> hosts) {
        Tally t = new Tally();
        hosts.forEach(t::add);
        return t.summary();
    }

    /** Adds hosts up one at a time, so a run that streams its hosts out need not keep them. */
    public static final class Tally {
        private final Counts.Builder findings = Counts.builder();
        private int hosts;
        private int compliant;
        private int errors;

        public void add(HostReport h) {
            hosts++;
            if (h.error() != null) {
                errors++;
                return;
            }
            if (h.compliant()) {
                compliant++;
            }
            findings.add(h.counts());
        }

        public RunSummary summary() {
            return new RunSummary(hosts, compliant, hosts - compliant - errors, errors, findings.build());
        }
    }
}
