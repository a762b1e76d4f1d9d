package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PolicySummary;
import org.portaudit.reports.model.Remedy;
import org.portaudit.reports.model.RequirementRef;

/**
 * report-junit.xml: the audit as a test report a CI server shows. One {@code <testsuite>} per host;
 * one {@code <testcase>} per expected endpoint and per unexpected open port. Problem findings
 * (required-blocked, unexpected-open, forbidden-open, wrong-service, certificate, misconfigured, weak-tls) are {@code <failure>}s,
 * unverified and not-checked are {@code <skipped>} (never a pass), a host that could not be audited is one
 * {@code <error>}. Each port the endpoint mapper advertised is a testcase of its own right after the dynamic RPC
 * row's. With drift, a new finding's message starts "[new]" and its body says since when; each suite lists
 * the host's resolved findings as {@code resolved} properties. All text is escaped and characters XML 1.0
 * does not allow are dropped.
 */
public final class JunitXmlRenderer implements Renderer {
    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        int errors = 0;
        List<String> suites = new ArrayList<>();
        DriftMarks drift = DriftMarks.of(report);
        for (HostReport h : report.hosts()) {
            Suite s = suite(h, report, drift);
            tests += s.tests;
            failures += s.failures;
            skipped += s.skipped;
            errors += s.errors;
            suites.add(s.xml.toString());
        }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuites name=\"portaudit\"" + attr("tests", tests) + attr("failures", failures)
                + attr("errors", errors) + attr("skipped", skipped) + attr("time", seconds(report.durationSeconds()))
                + attr("timestamp", timestamp(report.startedAt())) + ">\n");
        for (String s : suites) {
            out.write(s);
        }
        if (!drift.resolvedElsewhere().isEmpty()) {
            StringBuilder sb = new StringBuilder("  <testsuite name=\"drift of hosts not in this report\" tests=\"0\""
                    + " failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n    <properties>\n");
            resolved(sb, drift.resolvedElsewhere());
            out.write(sb.append("    </properties>\n  </testsuite>\n").toString());
        }
        out.write("</testsuites>\n");
        out.flush();
    }

    /** One host's testsuite, with its counts. */
    private static final class Suite {
        final StringBuilder xml = new StringBuilder();
        final StringBuilder body = new StringBuilder();
        int tests;
        int failures;
        int skipped;
        int errors;
    }

    private static Suite suite(HostReport h, AuditReport report, DriftMarks drift) {
        Suite s = new Suite();
        String label = Observation.hostLabel(h);
        String cls = "portaudit." + (h.name() != null ? h.name() : h.address() != null ? h.address() : h.target())
                .replace('.', '_');
        if (h.error() != null) {
            s.tests = 1;
            s.errors = 1;
            s.body.append("    <testcase").append(attr("classname", cls)).append(attr("name", "audit of " + label))
                    .append(">\n      <error").append(attr("type", "error")).append(attr("message", h.error()))
                    .append("/>\n    </testcase>\n");
        } else {
            for (Observation o : Observation.of(h)) {
                testcase(s, cls, o, drift);
                for (Observation e : o.endpoints()) {
                    testcase(s, cls, e, drift);
                }
            }
        }
        s.xml.append("  <testsuite").append(attr("name", label)).append(attr("tests", s.tests))
                .append(attr("failures", s.failures)).append(attr("errors", s.errors))
                .append(attr("skipped", s.skipped)).append(attr("time", "0"))
                .append(attr("timestamp", timestamp(report.startedAt())))
                .append(attr("hostname", h.address() != null ? h.address() : h.target())).append(">\n");
        s.xml.append("    <properties>\n");
        property(s.xml, "target", h.target());
        property(s.xml, "name", h.name());
        property(s.xml, "address", h.address());
        property(s.xml, "compliant", Boolean.toString(h.compliant()));
        property(s.xml, "roles", String.join(",", report.options().roles()));
        if (report.options().source() != null) {
            property(s.xml, "source", report.options().source().describe());
        }
        property(s.xml, "ports-probed", Integer.toString(h.scanned()));
        property(s.xml, "group", h.group());
        PolicySummary policy = Observation.policyOf(report, h);
        if (policy != null) {
            property(s.xml, "policy", Observation.policyText(policy));
        }
        if (drift.drift() != null) {
            property(s.xml, "drift", DriftMarks.since(drift.drift()));
            resolved(s.xml, drift.resolved(h));
        }
        s.xml.append("    </properties>\n");
        s.xml.append(s.body);
        s.xml.append("  </testsuite>\n");
        return s;
    }

    /** One property per resolved finding: "resolved" = "464/tcp required-blocked (was closed): message". */
    private static void resolved(StringBuilder sb, List<DriftFinding> findings) {
        for (DriftFinding f : findings) {
            property(sb, "resolved", f.target() + " " + f.portLabel() + " " + f.finding().word()
                    + (f.state() == null ? "" : " (was " + f.state().word() + ")") + ": " + f.message());
        }
    }

    private static void testcase(Suite s, String cls, Observation o, DriftMarks drift) {
        s.tests++;
        String name = o.isEndpoint() ? o.under() + " endpoint " + o.portLabel()
                + (o.what().isEmpty() ? "" : " " + o.what())
                : (o.expected() ? "" : "unexpected ") + o.portLabel() + (o.what().isEmpty() ? "" : " " + o.what());
        String mark = drift.mark(o);
        String prefix = mark.equals(DriftMarks.NEW) ? "[new] " : "";
        StringBuilder t = s.body;
        t.append("    <testcase").append(attr("classname", cls + (o.expected() ? ".expected" : ".unexpected")))
                .append(attr("name", name))
                .append(attr("time", o.rttMillis() == null ? "0" : seconds(o.rttMillis() / 1000.0)));
        FindingKind k = o.finding();
        if (k == FindingKind.OK) {
            t.append("/>\n");
            return;
        }
        t.append(">\n");
        if (k.isProblem() && k != FindingKind.UNVERIFIED && k != FindingKind.DROPPED) {
            s.failures++;
            t.append("      <failure").append(attr("type", k.word())).append(attr("message", prefix + k.word() + ": "
                    + o.message())).append('>').append(text(detail(o, mark, drift))).append("</failure>\n");
        } else {
            s.skipped++;
            t.append("      <skipped").append(attr("message", prefix + k.word() + ": " + o.message())).append("/>\n");
        }
        t.append("    </testcase>\n");
    }

    /** The failure's body: everything a reader of the CI page needs, one fact a line. */
    private static String detail(Observation o, String mark, DriftMarks drift) {
        StringBuilder sb = new StringBuilder();
        sb.append("finding: ").append(o.finding().word()).append('\n');
        if (!mark.isEmpty()) {
            sb.append("drift: ").append(mark).append(' ').append(DriftMarks.since(drift.drift())).append('\n');
        }
        if (o.isEndpoint()) {
            sb.append("advertised by the endpoint mapper for: ").append(o.under()).append('\n');
            if (!o.interfaces().isEmpty()) {
                sb.append("interfaces: ").append(o.interfacesText()).append('\n');
            }
        }
        sb.append("port: ").append(o.portLabel()).append(o.what().isEmpty() ? "" : " (" + o.what() + ")").append('\n');
        sb.append("state: ").append(o.state() == null ? "not probed" : o.stateWord()).append('\n');
        if (o.expected()) {
            sb.append("level: ").append(o.level()).append('\n');
            for (RequirementRef r : o.refs()) {
                sb.append("required by: ").append(r.role()).append(r.service() == null ? "" : "/" + r.service())
                        .append(" (").append(r.level()).append(')');
                if (r.reason() != null) {
                    sb.append(": ").append(r.reason());
                }
                if (r.source() != null) {
                    sb.append(" [").append(r.source().cite()).append(']');
                }
                sb.append('\n');
            }
        }
        if (o.rttMillis() != null) {
            sb.append("round trip: ").append(Observation.rttText(o.rttMillis())).append('\n');
        }
        if (!o.evidence().isEmpty()) {
            sb.append("evidence: ").append(o.evidenceText()).append('\n');
        }
        Remedy r = o.remedy();
        if (r != null) {
            sb.append("remedy: ").append(r.summary()).append('\n');
            for (String c : r.commands()) {
                sb.append("  PS> ").append(c).append('\n');
            }
            if (r.note() != null) {
                sb.append("  note: ").append(r.note()).append('\n');
            }
            for (org.portaudit.catalog.Source src : r.sources()) {
                sb.append("  source: ").append(src.cite()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void property(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append("      <property").append(attr("name", name)).append(attr("value", value)).append("/>\n");
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** The Ant schema's timestamp: local date-time to the second, no zone ("2026-11-22T03:18:31"). */
    private static String timestamp(String iso) {
        return iso != null && iso.length() >= 19 ? iso.substring(0, 19) : iso == null ? "" : iso;
    }

    private static String attr(String name, int value) {
        return attr(name, Integer.toString(value));
    }

    /** {@code  name="value"}, the value escaped for a double-quoted attribute (whitespace kept as references). */
    static String attr(String name, String value) {
        return " " + name + "=\"" + escape(value, true) + "\"";
    }

    /** Character data: &amp;, &lt; and &gt; escaped, CR kept as a reference so it survives parsing. */
    static String text(String value) {
        return escape(value, false);
    }

    private static String escape(String value, boolean attribute) {
        StringBuilder sb = new StringBuilder();
        String v = legal(value);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Drops what XML 1.0 cannot carry: C0 controls but TAB/LF/CR, lone surrogates, U+FFFE and U+FFFF. */
    static String legal(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
            if (ok) {
                sb.appendCodePoint(cp);
            }
            i += n;
        }
        return sb.toString();
    }
}
