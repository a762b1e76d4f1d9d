package org.portaudit.reports.render;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.reports.text.TextTable;

/**
 * The console summary: per host a verdict line and a table, findings first. Colour only when asked
 * (the CLI asks only on a terminal). Quiet mode prints one line per problem finding and nothing else.
 */
public final class ConsoleRenderer implements Renderer {
    private final boolean colour;
    private final boolean quiet;

    public ConsoleRenderer(boolean colour, boolean quiet) {
        this.colour = colour;
        this.quiet = quiet;
    }

    /**
     * One display row of the host table. Every text is made printable here: a report read back from a
     * file (portaudit report) is not trusted, and an escape sequence must not reach the terminal.
     */
    private record Row(FindingKind finding, String transport, String port, String state, String what, String level,
                       String by, String evidence, List<Row> endpoints, String serves) {
        Row {
            serves = clean(serves);
            transport = clean(transport);
            port = clean(port);
            state = clean(state);
            what = clean(what);
            level = clean(level);
            by = clean(by);
            evidence = clean(evidence);
            endpoints = List.copyOf(endpoints);
        }
    }

    /** Printable, bounded, never null. */
    private static String clean(String s) {
        return s == null ? "" : org.portaudit.reports.model.Sanitize.text(s, 2048);
    }

    @Override
    public void render(AuditReport report, Writer w) {
        PrintWriter out = w instanceof PrintWriter p ? p : new PrintWriter(w);
        for (HostReport h : report.hosts()) {
            if (quiet) {
                quietHost(out, h);
            } else {
                host(out, h);
            }
        }
        if (!quiet) {
            var s = report.summary();
            out.printf("%d host(s): %d compliant, %d not compliant, %d error(s); %.1f s%n", s.hosts(), s.compliant(),
                    s.nonCompliant(), s.errors(), report.durationSeconds());
            if (!report.options().from().isEmpty()) {
                out.println("Perspectives asked (--from): " + clean(Observation.askedText(report.options().from())));
            }
            if (report.options().source() != null) {
                out.println(clean("Judged from " + report.options().source().describe()));
            }
            for (var p : report.policies()) {
                out.println(clean("Policy" + (p.group() == null ? "" : " of group " + p.group()) + ": "
                        + Observation.policyText(p)));
            }
            for (var p : report.policies()) {
                if (!p.expired().isEmpty()) {
                    out.println(paint("policy" + (p.group() == null ? "" : " of group " + p.group())
                            + ": expired exceptions, no longer applied: "
                            + Observation.exceptions(p.expired(), "expired"), YELLOW));
                }
            }
            if (report.drift() != null) {
                // Drift.toText is what diff and audit print too; every line made printable (a report file is input)
                report.drift().toText().lines().forEach(l -> out.println(clean(l)));
            }
        } else if (report.drift() != null) {
            // For cron: the findings that are new since the previous run, one line each (nothing when none is).
            for (var f : report.drift().newFindings()) {
                out.println(clean("new " + f.target() + " " + f.portLabel() + " " + f.finding().word()));
            }
        }
        out.flush();
    }

    private void quietHost(PrintWriter out, HostReport h) {
        String who = hostLabel(h);
        if (h.error() != null) {
            out.println(who + ": error: " + clean(h.error()));
            return;
        }
        for (Row r : rows(h)) {
            quietRow(out, who, r, "");
            for (Row e : r.endpoints()) {
                quietRow(out, who, e, "dynamic-rpc endpoint ");
            }
        }
    }

    private static void quietRow(PrintWriter out, String who, Row r, String what) {
        if (r.finding().isProblem()) {
            out.println(who + ": " + r.finding() + " " + what + r.port() + "/" + r.transport() + " " + r.state()
                    + (r.what().isEmpty() ? "" : " (" + r.what() + ")"));
        }
    }

    private void host(PrintWriter out, HostReport h) {
        String who = hostLabel(h);
        if (h.error() != null) {
            out.println(paint(who + ": ERROR: " + clean(h.error()), RED));
            out.println();
            return;
        }
        StringBuilder counts = new StringBuilder();
        for (FindingKind k : FindingKind.values()) {
            int n = h.counts().get(k);
            if (n > 0) {
                counts.append(counts.length() == 0 ? "" : ", ").append(k.word()).append(' ').append(n);
            }
        }
        out.println(who + (h.group() == null ? "" : " [group " + clean(h.group()) + "]") + ": " + (h.compliant() ? paint("COMPLIANT", GREEN) : paint("NOT COMPLIANT", RED))
                + "  (" + counts + "; " + h.scanned() + " ports probed"
                + (h.vantage() == null ? "" : " from " + clean(h.vantage())) + ")");
        // The FROM column (whom each expected port serves) only where the report records it.
        boolean serves = Observation.anyServes(h);
        TextTable t = serves
                ? new TextTable("FINDING", "PORT", "STATE", "PROTOCOL/NAME", "LEVEL", "FROM", "REQUIRED BY", "EVIDENCE")
                : new TextTable("FINDING", "PORT", "STATE", "PROTOCOL/NAME", "LEVEL", "REQUIRED BY", "EVIDENCE");
        for (Row r : rows(h)) {
            // Colour codes would break column alignment; colour the finding word after padding instead.
            tableRow(t, serves, r, r.port());
            for (Row e : r.endpoints()) {
                // under the dynamic RPC row, indented: one line per port the endpoint mapper advertised
                tableRow(t, serves, e, "  " + e.port());
            }
        }
        StringWriterPrinter buf = new StringWriterPrinter();
        t.print(buf.writer, "  ");
        for (String line : buf.lines()) {
            out.println(colourFinding(line));
        }
        remedies(out, h);
        out.println();
    }

    /** Under the table: each finding's remedy, its PowerShell lines indented, every line made printable. */
    private static void remedies(PrintWriter out, HostReport h) {
        List<Observation> with = Observation.withRemedy(Observation.of(h));
        if (with.isEmpty()) {
            return;
        }
        out.println("  Remedies:");
        for (Observation o : with) {
            org.portaudit.reports.model.Remedy r = o.remedy();
            out.println(clean("  " + o.portLabel() + " " + o.finding().word() + ": " + r.summary()));
            for (String c : r.commands()) {
                out.println(clean("      PS> " + c));
            }
            if (r.note() != null) {
                out.println(clean("      note: " + r.note()));
            }
            for (org.portaudit.catalog.Source src : r.sources()) {
                out.println(clean("      source: " + src.cite()));
            }
        }
    }

    private static void tableRow(TextTable t, boolean serves, Row r, String port) {
        if (serves) {
            t.row(r.finding().word(), port + "/" + r.transport(), r.state(), r.what(), r.level(), r.serves(), r.by(),
                    r.evidence());
        } else {
            t.row(r.finding().word(), port + "/" + r.transport(), r.state(), r.what(), r.level(), r.by(), r.evidence());
        }
    }

    private List<Row> rows(HostReport h) {
        List<Row> rows = new ArrayList<>();
        for (PortCheck c : h.expected()) {
            List<Row> endpoints = new ArrayList<>();
            for (RpcEndpointCheck e : c.endpoints()) {
                endpoints.add(new Row(e.finding(), Transport.TCP.id(), Integer.toString(e.port()), state(e.state()),
                        Observation.interfaceNames(e), "", "", evidence(e.message(), e.evidence()), List.of(), ""));
            }
            rows.add(new Row(c.finding(), c.transport().id(), c.portText(), state(c.state()), c.protocol(),
                    c.level().id(), requiredBy(c.requiredBy()), evidence(c.message(), c.evidence()), endpoints,
                    Observation.fromText(RequirementRef.served(c.requiredBy()))));
        }
        for (UnexpectedPort u : h.unexpected()) {
            rows.add(new Row(u.finding(), u.transport().id(), Integer.toString(u.port()), state(u.state()),
                    u.label(), "", "", evidence(u.message(), u.evidence()), List.of(), ""));
        }
        rows.sort(Comparator.comparing(Row::finding).thenComparing(r -> portSortKey(r.port()))
                .thenComparing(Row::transport));
        return rows;
    }

    private static String state(org.portaudit.reports.model.PortState s) {
        return s == null ? "-" : s.word();
    }

    static int portSortKey(String port) {
        int dash = port.indexOf('-');
        try {
            return Integer.parseInt(dash > 0 ? port.substring(0, dash) : port);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String requiredBy(List<RequirementRef> refs) {
        List<String> parts = new ArrayList<>();
        for (RequirementRef r : refs) {
            String p = r.role() + (r.service() == null ? "" : "/" + r.service());
            if (!parts.contains(p)) {
                parts.add(p);
            }
        }
        if (parts.size() > 2) {
            return parts.get(0) + ", " + parts.get(1) + " +" + (parts.size() - 2);
        }
        return String.join(", ", parts);
    }

    private static String evidence(String message, List<Evidence> ev) {
        StringBuilder sb = new StringBuilder(message == null ? "" : message);
        for (Evidence e : ev) {
            if (e.summary() != null && !e.summary().isEmpty() && (message == null || !message.contains(e.summary()))) {
                sb.append(sb.length() == 0 ? "" : "; ").append(e.summary());
            }
        }
        String s = sb.toString();
        return s.length() > 120 ? s.substring(0, 119) + "\u2026" : s;
    }

    private static String hostLabel(HostReport h) {
        if (h.name() != null && h.address() != null && !h.name().equals(h.address())) {
            return clean(h.name() + " (" + h.address() + ")");
        }
        return clean(h.address() != null ? h.address() : h.target());
    }

    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREY = "\u001b[90m";
    private static final String RESET = "\u001b[0m";

    private String paint(String s, String code) {
        return colour ? code + s + RESET : s;
    }

    private String colourFinding(String line) {
        if (!colour) {
            return line;
        }
        for (FindingKind k : FindingKind.values()) {
            String prefix = "  " + k.word() + " ";
            if (line.startsWith(prefix)) {
                String code = switch (k) {
                    case REQUIRED_BLOCKED, FORBIDDEN_OPEN, WRONG_SERVICE, MISCONFIGURED -> RED;
                    case UNEXPECTED_OPEN, UNVERIFIED, CERTIFICATE, WEAK_TLS, DROPPED -> YELLOW;
                    case OK -> GREEN;
                    case NOT_CHECKED -> GREY;
                };
                return "  " + code + k.word() + RESET + line.substring(2 + k.word().length());
            }
        }
        return line;
    }

    /** Collects a table's lines so each can be coloured after alignment. */
    private static final class StringWriterPrinter {
        private final java.io.StringWriter sw = new java.io.StringWriter();
        private final PrintWriter writer = new PrintWriter(sw);

        List<String> lines() {
            writer.flush();
            return sw.toString().lines().toList();
        }
    }

}
