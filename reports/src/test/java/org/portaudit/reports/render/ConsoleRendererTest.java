package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Counts;
import org.portaudit.reports.model.HostReport;

/** The console is a terminal: nothing read from a report may put a control character on it. */
class ConsoleRendererTest {
    private static String render(AuditReport r, boolean colour, boolean quiet) {
        StringWriter w = new StringWriter();
        new ConsoleRenderer(colour, quiet).render(r, w);
        return w.toString();
    }

    private static AuditReport withErrorHost(AuditReport base) {
        HostReport bad = new HostReport("evil\u001b]0;pwned\u0007host", "evil\u001b[2Jname", null, null,
                "cannot resolve \u001b[31mred\u001b[0m\r\nfake line", false, Counts.empty(), 0, List.of(), List.of());
        List<HostReport> hosts = new java.util.ArrayList<>(base.hosts());
        hosts.add(bad);
        return new AuditReport(base.schemaVersion(), base.tool(), base.startedAt(), base.finishedAt(),
                base.durationSeconds(), base.options(), base.summary(), hosts, base.policies(), base.drift());
    }

    @Test
    void noControlCharactersFromTheReport() {
        AuditReport r = withErrorHost(Reports.hostile());
        for (boolean quiet : new boolean[] {false, true}) {
            String out = render(r, false, quiet);
            for (char c : out.toCharArray()) {
                assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0),
                        "control character U+" + Integer.toHexString(c) + " in: " + out);
            }
            assertTrue(out.contains("cannot resolve .[31mred.[0m..fake line"), out);
        }
    }

    @Test
    void colourCodesAreOurOwnOnly() {
        String out = render(withErrorHost(Reports.hostile()), true, false);
        assertTrue(out.contains("\u001b[31m"), "our own colour is there");
        assertFalse(out.contains("\u001b]0;"), "no title-setting sequence from the report");
        assertFalse(out.contains("\u001b[2J"), "no clear-screen from the report");
    }
}
