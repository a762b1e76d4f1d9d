package org.portaudit.reports.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;

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
public record Drift(String since, List<Finding> newFindings, List<Finding> resolved, List<Finding> persisting,
                    List<String> notAudited) {
    public Drift {
        newFindings = List.copyOf(newFindings);
        resolved = List.copyOf(resolved);
        persisting = List.copyOf(persisting);
        notAudited = List.copyOf(notAudited);
    }

    /** Drift between two saved reports. */
    public static Drift between(String since, AuditReport before, AuditReport after) {
        return compute(since, Finding.of(before), targets(before), Finding.of(after), audited(after));
    }

    /** Targets the report audited without an error. */
    public static Set<String> audited(AuditReport report) {
        Set<String> out = new TreeSet<>();
        for (HostReport h : report.hosts()) {
            if (h.error() == null) {
                out.add(Finding.host(h));
            }
        }
        return out;
    }

    private static Set<String> targets(AuditReport report) {
        Set<String> out = new TreeSet<>();
        for (HostReport h : report.hosts()) {
            out.add(Finding.host(h));
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
    public static Drift compute(String since, Collection<Finding> before, Collection<String> beforeTargets,
                                Collection<Finding> after, Collection<String> auditedAfter) {
        Map<String, Finding> old = new LinkedHashMap<>();
        for (Finding f : before) {
            old.put(f.key(), f);
        }
        Set<String> seen = new java.util.HashSet<>();
        List<Finding> added = new ArrayList<>();
        List<Finding> kept = new ArrayList<>();
        for (Finding f : after) {
            seen.add(f.key());
            (old.containsKey(f.key()) ? kept : added).add(f);
        }
        Set<String> audited = Set.copyOf(auditedAfter);
        List<Finding> gone = new ArrayList<>();
        for (Finding f : old.values()) {
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
        added.sort(Finding.ORDER);
        kept.sort(Finding.ORDER);
        gone.sort(Finding.ORDER);
        return new Drift(since, added, gone, kept, missing);
    }

    /** The {@code drift} member of report.json, and the shape {@code portaudit diff --format json} prints. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        if (since == null) {
            n.putNull("since");
        } else {
            n.put("since", since);
        }
        ObjectNode counts = n.putObject("counts");
        counts.put("new", newFindings.size());
        counts.put("resolved", resolved.size());
        counts.put("persisting", persisting.size());
        n.set("new", list(newFindings));
        n.set("resolved", list(resolved));
        n.set("persisting", list(persisting));
        ArrayNode na = n.putArray("notAudited");
        notAudited.forEach(na::add);
        return n;
    }

    private static ArrayNode list(List<Finding> findings) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Finding f : findings) {
            ObjectNode o = a.addObject();
            o.put("target", f.target());
            o.put("transport", f.transport());
            o.put("port", f.port());
            o.put("finding", f.finding());
            o.put("state", f.state());
            o.put("message", f.message());
        }
        return a;
    }

    /** report.json with this drift as its optional {@code drift} member (schema version 1 is unchanged). */
    public void writeReport(AuditReport report, java.io.Writer out) throws java.io.IOException {
        java.io.StringWriter plain = new java.io.StringWriter();
        new org.portaudit.reports.render.JsonRenderer().render(report, plain);
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(plain.toString());
        tree.set("drift", toJson());
        Json.MAPPER.writeValue(out, tree);
        out.write(System.lineSeparator());
        out.flush();
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

    private static void line(StringBuilder b, String what, List<Finding> findings) {
        for (Finding f : findings) {
            b.append(String.format("  %-11s  %-20s %-18s %-17s %s%n", what, f.target(), f.port() + "/" + f.transport(),
                    f.finding(), f.state() == null ? "-" : f.state()));
        }
    }
}
