package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Counts;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.RunSummary;

class RenderersTest {
    @Test
    void namesAndFileNames() {
        assertEquals(List.of("text", "json", "html", "csv", "junit", "markdown"), Renderers.names());
        assertEquals(List.of("report.txt", "report.json", "report.html", "report.csv", "report-junit.xml", "report.md"),
                Renderers.all().stream().map(Renderers.Format::fileName).toList());
        assertInstanceOf(HtmlRenderer.class, Renderers.byName("HTML").orElseThrow().renderer());
        assertInstanceOf(MarkdownRenderer.class, Renderers.byName("md").orElseThrow().renderer());
        assertInstanceOf(JunitXmlRenderer.class, Renderers.byName("junit").orElseThrow().renderer());
        assertInstanceOf(CsvRenderer.class, Renderers.byName(" csv ").orElseThrow().renderer());
        assertInstanceOf(JsonRenderer.class, Renderers.byName("json").orElseThrow().renderer());
        assertInstanceOf(ConsoleRenderer.class, Renderers.byName("text").orElseThrow().renderer());
        assertTrue(Renderers.byName("pdf").isEmpty());
        assertTrue(Renderers.byName(null).isEmpty());
    }

    /** JSON is lossless: re-rendering a saved report gives the very bytes the original gave, in every format. */
    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "html", "csv", "junit", "markdown"})
    void savedJsonRendersByteIdentical(String format) {
        for (AuditReport original : List.of(Reports.lab(), Reports.hostile(), Reports.audit())) {
            AuditReport saved = Reports.viaJson(original);
            AuditReport savedTwice = Reports.viaJson(saved);
            Renderer r = Renderers.byName(format).orElseThrow().renderer();
            String expected = Reports.render(r, original);
            assertFalse(expected.isEmpty());
            assertEquals(expected, Reports.render(r, saved), format);
            assertEquals(expected, Reports.render(r, savedTwice), format);
        }
    }

    /** Counts are built in any order; the JSON always lists every kind in the declared order. */
    @Test
    void countsWriteTheSameJsonWhateverOrderTheyWereBuiltIn() {
        AuditReport base = Reports.hostile();
        List<FindingKind> kinds = new ArrayList<>(List.of(FindingKind.values()));
        Set<String> jsons = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 64; i++) {
            Collections.shuffle(kinds, random);
            Counts.Builder b = Counts.builder();
            for (FindingKind k : kinds) {
                b.add(k, k.word().length());
            }
            Counts counts = b.build();
            RunSummary s = new RunSummary(2, 0, 1, 1, counts);
            List<HostReport> hosts = base.hosts().stream().map(h -> new HostReport(h.target(), h.name(), h.address(),
                    h.group(), h.error(), h.compliant(), counts, h.scanned(), h.expected(), h.unexpected())).toList();
            AuditReport r = new AuditReport(base.schemaVersion(), base.tool(), base.startedAt(), base.finishedAt(),
                    base.durationSeconds(), base.options(), s, hosts, base.policies(), base.drift());
            jsons.add(Reports.render(new JsonRenderer(), r));
        }
        assertEquals(1, jsons.size());
        String json = jsons.iterator().next();
        assertTrue(json.indexOf("\"required-blocked\"") < json.indexOf("\"ok\""), "finding kinds in declared order");
    }

    /** The policy summary is optional: absent from reports written before it, kept when present. */
    @Test
    void policySummaryIsOptionalAndRoundTrips() {
        AuditReport old = Reports.lab();
        assertEquals(List.of(), old.policies());
        assertFalse(Reports.render(new JsonRenderer(), old).contains("\"policy\""), "no null member for old reports");
        AuditReport hostile = Reports.hostile();
        assertTrue(Reports.render(new JsonRenderer(), hostile).contains("\"policies\" : [ {"));
        assertEquals(hostile.policies(), Reports.viaJson(hostile).policies());
        assertEquals("2026-01-31", Reports.viaJson(hostile).policies().get(0).expired().get(0).expires());
        assertTrue(Reports.render(new HtmlRenderer(), hostile).contains("<dt>Expired exceptions (not applied)</dt>"));
        assertTrue(Reports.render(new MarkdownRenderer(), hostile).contains("**Expired exceptions (not applied)**: "
                + "5900/tcp expired 2026-01-31"));
        assertFalse(Reports.render(new HtmlRenderer(), old).contains("Exceptions in force"));
        assertTrue(Reports.render(new ConsoleRenderer(false, false), hostile).contains(
                "policy: expired exceptions, no longer applied: 5900/tcp expired 2026-01-31 (all): expired "));
        assertFalse(Reports.render(new ConsoleRenderer(false, false), old).contains("policy:"));
        String policyLine = Reports.render(new ConsoleRenderer(false, false), hostile).lines()
                .filter(l -> l.startsWith("policy: ")).findFirst().orElseThrow();
        assertTrue(policyLine.contains("esc.[31mred"), "the escape character is replaced: " + policyLine);
        assertFalse(policyLine.contains("\u001b"), "no terminal escapes from a policy's text");
    }

    @Test
    void jsonRoundTripKeepsTheModel() {
        AuditReport lab = Reports.lab();
        assertEquals(lab, Reports.viaJson(lab));
        AuditReport hostile = Reports.hostile();
        assertEquals(hostile, Reports.viaJson(hostile));
        AuditReport audit = Reports.audit();
        assertEquals(audit, Reports.viaJson(audit));
        assertNotEquals(lab, hostile);
    }
}
