package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;

class MarkdownRendererTest {
    /** Splits a table row on unescaped '|' and undoes the renderer's escapes: what a reader sees in each cell. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cell.append(line.charAt(++i));
            } else if (c == '|') {
                out.add(cell.toString().strip().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return out;
    }

    @Test
    void labReportVerdictsAndFindings() {
        String md = Reports.render(new MarkdownRenderer(), Reports.lab());
        assertTrue(md.startsWith("# portaudit: NOT COMPLIANT\n"));
        List<String> lines = md.lines().toList();
        int head = lines.indexOf(lines.stream().filter(l -> l.startsWith("| Host |")).findFirst().orElseThrow());
        assertEquals(List.of("pa-dc01 (198.18.0.10)", "NOT COMPLIANT", "3", "1", "0", "0", "0", "0", "0", "1", "0", "0", "26"),
                cells(lines.get(head + 2)).stream().map(s -> s.replace("**", "")).toList());
        assertTrue(md.contains("## pa-web01 (198.18.0.20): NOT COMPLIANT"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| certificate | 443/tcp | open | HTTPS |")), md);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("| ok |")), "ok checks are counted, not listed");
    }

    @Test
    void hostileCellsStayIntact() {
        AuditReport r = Reports.hostile();
        String md = Reports.render(new MarkdownRenderer(), r);
        assertFalse(md.contains("<"), "no raw HTML");
        assertFalse(md.contains("\u2028"));
        List<String> lines = md.lines().toList();
        int findingsHead = lines.indexOf("| Finding | Port | State | Protocol / name | Level | Required by | Message "
                + "| Evidence |");
        assertTrue(findingsHead > 0, md);
        int rows = 0;
        for (int i = findingsHead; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            assertEquals(8, cells(lines.get(i)).size(), lines.get(i));
            rows++;
        }
        assertEquals(2 + 7, rows, "header, rule, every finding but ok");
        List<String> cert = cells(lines.get(findingsHead + 2));
        assertEquals("certificate", cert.get(0));
        assertEquals("HTTPS " + Reports.SVG, cert.get(3));
        String expected = Reports.stored("certificate expires in 3 day(s) " + Reports.ALL)
                .replaceAll("[\r\n\u2028\u2029]", " ").replaceAll("[\u0000-\u001f]", " ").strip();
        assertEquals(expected, cert.get(6));
        List<String> wrong = cells(lines.get(findingsHead + 4));
        assertEquals("-1+2 " + Reports.MARKDOWN, wrong.get(6));
        assertTrue(md.contains("## " + MarkdownRenderer.cell(Reports.ATTR + Reports.SVG)));
        assertTrue(md.contains("Could not be audited: cannot resolve "));
    }

    @Test
    void cellEscapes() {
        assertEquals("a \\| b \\`c\\` &lt;i&gt; &amp; \\*x\\* \\_y\\_ \\[l\\] \\\\", MarkdownRenderer.cell(
                "a | b `c` <i> & *x* _y_ [l] \\"));
        assertEquals("one two three", MarkdownRenderer.cell("one\ntwo\r\nthree".replace("\r\n", "\n")));
        assertEquals("a b", MarkdownRenderer.cell("a\u2028b"));
    }
}
