package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.Remedy;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.RunOptions;

/**
 * report.md: a summary to paste into a ticket. The verdict per host with its counts, then per host a
 * table of every finding that is not ok. Every cell is escaped: Markdown punctuation and '|' with a
 * backslash, '&amp;', '&lt;' and '&gt;' as HTML entities (so no HTML from the network reaches a renderer
 * that allows it), line breaks as spaces, so a cell stays one cell. With drift, a "What changed" section comes
 * first and new findings are marked in the host tables; each dynamic RPC row's advertised ports follow its host's
 * findings as a table of their own.
 */
public final class MarkdownRenderer implements Renderer {
    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# portaudit: ").append(report.compliant() ? "compliant" : "NOT COMPLIANT").append("\n\n");
        RunOptions o = report.options();
        sb.append("Scanned ").append(cell(report.startedAt())).append(" to ").append(cell(report.finishedAt()))
                .append(String.format(Locale.ROOT, " (%.1f s) with %s; roles %s; Windows %s; unexpected ports: %s.",
                        report.durationSeconds(), cell(report.tool()), cell(String.join(", ", o.roles())),
                        cell(o.windows()), cell(o.unexpected())))
                .append("\n\n");
        if (!o.from().isEmpty()) {
            sb.append("Perspectives asked (--from): ").append(cell(Observation.askedText(o.from()))).append(".\n\n");
        }
        if (o.source() != null) {
            sb.append("Judged from ").append(cell(o.source().describe())).append(".\n\n");
        }
        for (var p : report.policies()) {
            sb.append("Policy").append(p.group() == null ? "" : " of group " + cell(p.group())).append(": ")
                    .append(cell(p.file() == null ? "built-in defaults only" : p.file()))
                    .append(", judged on ").append(cell(p.date())).append("; forbidden by default: ")
                    .append(cell(p.builtIn().isEmpty() ? "nothing"
                            : String.join(", ", p.builtIn().stream().map(PolicyRule::portsText).toList())))
                    .append(".");
            if (!p.exceptions().isEmpty()) {
                sb.append(" Exceptions in force: ").append(cell(Observation.exceptions(p.exceptions(), "until")))
                        .append(".");
            }
            if (!p.expired().isEmpty()) {
                sb.append(" **Expired exceptions (not applied)**: ")
                        .append(cell(Observation.exceptions(p.expired(), "expired"))).append(".");
            }
            sb.append("\n\n");
        }
        DriftMarks marks = DriftMarks.of(report);
        if (marks.drift() != null) {
            drift(sb, marks.drift());
        }
        List<String> head = new ArrayList<>(List.of("Host", "Verdict"));
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            head.add(k.word());
        }
        tableRow(sb, head);
        tableRow(sb, head.stream().map(h -> "---").toList());
        for (HostReport h : report.hosts()) {
            List<String> r = new ArrayList<>();
            r.add(cell(Observation.hostLabel(h)));
            r.add(h.error() != null ? "**ERROR**" : h.compliant() ? "compliant" : "**NOT COMPLIANT**");
            for (FindingKind k : Observation.SUMMARY_KINDS) {
                r.add(Integer.toString(h.counts().get(k)));
            }
            tableRow(sb, r);
        }
        for (HostReport h : report.hosts()) {
            sb.append("\n## ").append(cell(Observation.hostLabel(h)))
                    .append(h.group() == null ? "" : ", group " + cell(h.group())).append(": ")
                    .append(h.error() != null ? "error" : h.compliant() ? "compliant" : "NOT COMPLIANT").append("\n\n");
            if (h.error() != null) {
                sb.append("Could not be audited: ").append(cell(h.error())).append("\n");
                continue;
            }
            if (h.vantage() != null) {
                sb.append("Probed from ").append(cell(h.vantage())).append(".\n\n");
            }
            boolean serves = Observation.anyServes(h);
            List<Observation> all = Observation.of(h);
            List<Observation> rows = all.stream().filter(x -> x.finding() != FindingKind.OK).toList();
            long ok = all.size() - rows.size();
            if (rows.isEmpty()) {
                sb.append("No findings: ").append(ok).append(" check(s) as expected, ").append(h.scanned())
                        .append(" port(s) probed.\n");
                endpoints(sb, all);
                continue;
            }
            List<String> cols = new ArrayList<>(List.of("Finding", "Port", "State", "Protocol / name", "Level",
                    "Required by", "Message", "Evidence"));
            if (serves) {
                cols.add(5, "Serves");
            }
            tableRow(sb, cols);
            tableRow(sb, cols.stream().map(c -> "---").toList());
            for (Observation x : rows) {
                String mark = marks.mark(x);
                List<String> cells = new ArrayList<>(List.of(cell(x.finding().word())
                                + (mark.isEmpty() ? "" : " (" + mark + ")"), cell(x.portLabel()), cell(x.stateWord()),
                        cell(x.what()), cell(x.level()), cell(x.requiredBy()), cell(x.message()),
                        cell(evidence(x))));
                if (serves) {
                    cells.add(5, cell(x.serves()));
                }
                tableRow(sb, cells);
            }
            sb.append('\n').append(ok).append(" other check(s) as expected; ").append(h.scanned())
                    .append(" port(s) probed.\n");
            endpoints(sb, all);
            remedies(sb, all);
        }
        UnicodeSafeWriter safe = new UnicodeSafeWriter(out);
        safe.write(sb.toString());
        safe.finish();
    }

    /** "## What changed since ...": counts, a table of the new and resolved findings, the hosts not audited. */
    private static void drift(StringBuilder sb, Drift d) {
        sb.append("## What changed ").append(cell(DriftMarks.since(d))).append("\n\n")
                .append(d.newFindings().size()).append(" new, ").append(d.resolved().size()).append(" resolved, ")
                .append(d.persisting().size()).append(" persisting.\n\n");
        if (!d.newFindings().isEmpty() || !d.resolved().isEmpty()) {
            List<String> cols = List.of("Change", "Host", "Port", "Finding", "State", "Message");
            tableRow(sb, cols);
            tableRow(sb, cols.stream().map(c -> "---").toList());
            driftRows(sb, DriftMarks.NEW, d.newFindings());
            driftRows(sb, DriftMarks.RESOLVED, d.resolved());
            sb.append('\n');
        }
        if (!d.notAudited().isEmpty()) {
            sb.append("Not audited this time (their earlier findings are neither resolved nor persisting): ")
                    .append(cell(String.join(", ", d.notAudited()))).append(".\n\n");
        }
    }

    private static void driftRows(StringBuilder sb, String change, List<DriftFinding> findings) {
        for (DriftFinding f : findings) {
            tableRow(sb, List.of(change, cell(f.target()), cell(f.portLabel()), cell(f.finding().word()),
                    cell(f.state() == null ? "" : f.state().word()), cell(f.message())));
        }
    }

    /** "Remedies": for each finding that has one, what to do, its PowerShell lines, note and sources. */
    private static void remedies(StringBuilder sb, List<Observation> rows) {
        List<Observation> with = Observation.withRemedy(rows);
        if (with.isEmpty()) {
            return;
        }
        sb.append("\n#### Remedies\n\n");
        for (Observation x : with) {
            Remedy r = x.remedy();
            sb.append("- **").append(cell(x.portLabel())).append("** (").append(cell(x.finding().word())).append("): ")
                    .append(cell(r.summary())).append('\n');
            for (String c : r.commands()) {
                sb.append("  - PowerShell: ").append(cell(c)).append('\n');
            }
            if (r.note() != null) {
                sb.append("  - Note: ").append(cell(r.note())).append('\n');
            }
            for (org.portaudit.catalog.Source src : r.sources()) {
                sb.append("  - Source: ").append(cell(src.cite())).append('\n');
            }
        }
    }

    /** Under the findings: each dynamic RPC row's advertised ports, one table row each. */
    private static void endpoints(StringBuilder sb, List<Observation> rows) {
        for (Observation x : rows) {
            if (x.endpoints().isEmpty()) {
                continue;
            }
            sb.append("\nDynamic RPC endpoints of ").append(cell(x.portLabel())).append(" (")
                    .append(cell(x.finding().word())).append("):\n\n");
            List<String> cols = List.of("Port", "State", "Finding", "Message", "Interfaces");
            tableRow(sb, cols);
            tableRow(sb, cols.stream().map(c -> "---").toList());
            for (Observation e : x.endpoints()) {
                tableRow(sb, List.of(cell(e.portLabel()), cell(e.stateWord()), cell(e.finding().word()),
                        cell(e.message()), cell(e.interfacesText())));
            }
        }
    }

    private static String evidence(Observation x) {
        String s = x.evidenceText();
        return s.length() > 300 ? s.substring(0, 299) + "\u2026" : s;
    }

    static void tableRow(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append('\n');
    }

    /** Text made safe for one table cell (or inline text): nothing in it is Markdown, HTML or a line end. */
    static String cell(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r', '\n', '\u2028', '\u2029', '\u0085' -> sb.append(' ');
                case '\\', '`', '|', '*', '_', '[', ']', '~' -> sb.append('\\').append(c);
                default -> sb.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return sb.toString().strip();
    }
}
