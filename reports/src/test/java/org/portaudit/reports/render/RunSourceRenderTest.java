package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSource;

/**
 * A report judged from another scanner's file says so in every format that shows how a run was made (text, HTML,
 * Markdown, JUnit XML, JSON read back); a scan's report says nothing of a source. Hostile text in the source
 * (an nmap command line is whatever the file says) is escaped like any other.
 */
class RunSourceRenderTest {
    private static AuditReport judged(RunSource source) {
        AuditReport lab = Reports.lab();
        RunOptions o = lab.options();
        RunOptions withSource = new RunOptions(o.targets(), o.roles(), o.windows(), o.unexpected(), o.failOn(), 0, 0, 0,
                0, true, o.domain(), source);
        return new AuditReport(lab.schemaVersion(), lab.tool(), lab.startedAt(), lab.finishedAt(), lab.durationSeconds(),
                withSource, lab.summary(), lab.hosts(), lab.policies(), lab.drift());
    }

    private static final RunSource NMAP = new RunSource("nmap-xml", "dc.xml", "nmap", "7.93",
            "nmap -sT -p 1-1000 dc01", "connect/tcp");

    @Test
    void everyFormatNamesTheSource() throws Exception {
        AuditReport r = judged(NMAP);
        String line = "nmap 7.93 XML report dc.xml (connect/tcp): nmap -sT -p 1-1000 dc01";
        assertEquals(line, NMAP.describe());
        assertTrue(Reports.render(new ConsoleRenderer(false, false), r).contains("Judged from " + line));
        String html = Reports.render(new HtmlRenderer(), r);
        assertTrue(html.contains("Judged from") && html.contains(line), "html");
        assertFalse(html.contains(">Timeout<"), "a judged run made no probes: no timeout to show");
        assertTrue(Reports.render(new MarkdownRenderer(), r).contains("Judged from " + line + "."));
        assertTrue(Reports.render(new JunitXmlRenderer(), r).contains("name=\"source\" value=\"" + line + "\""));
        AuditReport back = JsonRenderer.read(new StringReader(Reports.render(new JsonRenderer(), r)));
        assertEquals(NMAP, back.options().source());
        assertEquals(r.options(), back.options());
    }

    @Test
    void aScanHasNoSourceAndAHostileOneIsEscaped() throws Exception {
        AuditReport scan = Reports.lab();
        assertNull(scan.options().source());
        assertFalse(Reports.render(new ConsoleRenderer(false, false), scan).contains("Judged from"));
        assertNull(JsonRenderer.read(new StringReader(Reports.render(new JsonRenderer(), scan))).options().source());
        RunSource hostile = new RunSource("nmap-xml", Reports.SCRIPT, "nmap", "7.93\u001b[2J", Reports.ALL, "connect/tcp");
        assertFalse(hostile.version().contains("\u001b"), hostile.version());
        String html = Reports.render(new HtmlRenderer(), judged(hostile));
        assertFalse(html.contains(Reports.SCRIPT), "the file name is escaped");
    }
}
