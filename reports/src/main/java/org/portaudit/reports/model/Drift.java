package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two audits: findings that are new, resolved, or persisting.
 *
 * <p>A finding of the earlier audit counts as resolved only on a host the later audit really audited
 * (present, and no error): a host that was left out, or whose name no longer resolves, proves nothing.
 * Those hosts are listed in {@code notAudited} instead.
 *
 * @param since       what the later audit is compared with ("run 3f2a... of 2026-11-21T02:00:00Z", a file
 *                    name), or null when there was nothing to compare with (every finding is then new)
 * @param newFindings findings of the later audit that the earlier one did not have
 * @param resolved    findings of the earlier audit that the later one no longer has
 * @param persisting  findings of both (as the later audit saw them)
 * @param notAudited  targets of the earlier audit that the later one did not audit
 */
@JsonPropertyOrder({"since", "counts", "new", "resolved", "persisting", "notAudited"})
@JsonIgnoreProperties(value = "counts", allowGetters = true)
public record Drift(String since, @JsonProperty("new") List<DriftFinding> newFindings, List<DriftFinding> resolved,
                    List<DriftFinding> persisting, List<String> notAudited) {
    public Drift {
        since = Sanitize.text(since, 1024);
        newFindings = List.copyOf(newFindings);
        resolved = List.copyOf(resolved);
        persisting = List.copyOf(persisting);
        notAudited = List.copyOf(notAudited);
    }

    /** Drift between two saved reports. */
    public static Drift between(String since, AuditReport before, AuditReport after) {
        return compute(since, DriftFinding.of(before), targets(before), DriftFinding.of(after), audited(after));
    }

    /** Targets the report audited without an error. */
    public static Set<String> audited(AuditReport report) {
        Set<String> out = new TreeSet<>();
        for (HostReport h : report.hosts()) {
            if (h.error() == null) {
                out.add(DriftFinding.host(h));
            }
        }
        return out;
    }

    private static Set<String> targets(AuditReport report) {
        Set<String> out = new TreeSet<>();
        for (HostReport h : report.hosts()) {
            out.add(DriftFinding.host(h));
        }
        return out;
    }

    /**
     * @param since          what {@code before} is (null: there is no earlier audit)
     * @param before         the earlier audit's problem findings
     * @param beforeTargets  every target of the earlier audit
     * @param after          the later audit's problem findings
     * @param auditedAfter   the targets the later audit audited without an error
     */
    public static Drift compute(String since, Collection<DriftFinding> before, Collection<String> beforeTargets,
                                Collection<DriftFinding> after, Collection<String> auditedAfter) {
        Map<String, DriftFinding> old = new LinkedHashMap<>();
        for (DriftFinding f : before) {
            old.put(f.key(), f);
        }
        Set<String> seen = new java.util.HashSet<>();
        List<DriftFinding> added = new ArrayList<>();
        List<DriftFinding> kept = new ArrayList<>();
        for (DriftFinding f : after) {
            seen.add(f.key());
            (old.containsKey(f.key()) ? kept : added).add(f);
        }
        Set<String> audited = Set.copyOf(auditedAfter);
        List<DriftFinding> gone = new ArrayList<>();
        for (DriftFinding f : old.values()) {
            if (!seen.contains(f.key()) && audited.contains(f.target())) {
                gone.add(f);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String t : new TreeSet<>(beforeTargets)) {
            if (!audited.contains(t)) {
                missing.add(t);
            }
        }
        added.sort(DriftFinding.ORDER);
        kept.sort(DriftFinding.ORDER);
        gone.sort(DriftFinding.ORDER);
        return new Drift(since, added, gone, kept, missing);
    }

    /** How many are new, resolved and persisting (written to JSON, ignored when read back). */
    @JsonProperty("counts")
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("new", newFindings.size());
        m.put("resolved", resolved.size());
        m.put("persisting", persisting.size());
        return m;
    }

    /** Text for people: counts, then each new and resolved finding on one line. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("Drift since ").append(since == null ? "nothing (no earlier audit): every finding is new" : since)
                .append(": ").append(newFindings.size()).append(" new, ").append(resolved.size()).append(" resolved, ")
                .append(persisting.size()).append(" persisting").append(System.lineSeparator());
        line(b, "new", newFindings);
        line(b, "resolved", resolved);
        for (String t : notAudited) {
            b.append("  not audited  ").append(t).append(" (its earlier findings are neither resolved nor persisting)")
                    .append(System.lineSeparator());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String what, List<DriftFinding> findings) {
        for (DriftFinding f : findings) {
            b.append(String.format("  %-11s  %-20s %-18s %-17s %s%n", what, f.target(), f.portLabel(),
                    f.finding().word(), f.state() == null ? "-" : f.state().word()));
        }
    }
}
