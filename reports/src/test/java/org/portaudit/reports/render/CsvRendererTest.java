package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;

class CsvRendererTest {
    /** An independent RFC 4180 reader: records of fields; fails on anything malformed. */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean fieldStarted = false;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    char next = i < csv.length() ? csv.charAt(i) : '\r';
                    if (next != ',' && next != '\r') {
                        throw new AssertionError("text after closing quote at " + i);
                    }
                    continue;
                }
                field.append(c);
                i++;
            } else if (c == '"') {
                if (fieldStarted) {
                    throw new AssertionError("quote inside an unquoted field at " + i);
                }
                quoted = true;
                fieldStarted = true;
                i++;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= csv.length() || csv.charAt(i + 1) != '\n') {
                    throw new AssertionError("bare CR at " + i);
                }
                record.add(field.toString());
                records.add(record);
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                i += 2;
            } else if (c == '\n') {
                throw new AssertionError("bare LF at " + i);
            } else {
                field.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (quoted || fieldStarted || !record.isEmpty()) {
            throw new AssertionError("unterminated last record");
        }
        return records;
    }

    @Test
    void labReportOneRowPerObservation() {
        AuditReport lab = Reports.lab();
        List<List<String>> rows = parse(Reports.render(new CsvRenderer(), lab));
        assertEquals(CsvRenderer.COLUMNS, rows.get(0));
        int n = 0;
        for (HostReport h : lab.hosts()) {
            n += h.expected().size() + h.unexpected().size();
            for (PortCheck c : h.expected()) {
                n += c.endpoints().size(); // each advertised dynamic RPC port is a row of its own
            }
        }
        assertEquals(n + 1, rows.size());
        for (List<String> r : rows) {
            assertEquals(CsvRenderer.COLUMNS.size(), r.size());
        }
        List<String> cert = rows.stream().filter(r -> r.get(7).equals("certificate")).findFirst().orElseThrow();
        assertEquals(List.of("pa-web01", "198.18.0.20", "tcp", "443", "HTTPS", "conditional", "open", "certificate"),
                cert.subList(0, 8));
        assertTrue(cert.get(13).contains("notAfter=2026-12-02"), cert.get(13));
        assertTrue(cert.get(9).matches("\\d+\\.\\d{3}"), cert.get(9));
        List<String> telnet = rows.stream().filter(r -> r.get(7).equals("unexpected-open")).findFirst().orElseThrow();
        assertEquals(List.of("pa-dc01", "198.18.0.10", "tcp", "23", "telnet", "", "open"), telnet.subList(0, 7));
        List<String> ntp = rows.stream().filter(r -> r.get(0).equals("pa-dc01") && r.get(3).equals("123")).findFirst()
                .orElseThrow();
        assertEquals("NTP, SNTP", ntp.get(4), "a comma inside a quoted field");
        assertEquals("", ntp.get(9), "no round-trip time: empty");
    }

    @Test
    void hostileReportRoundTripsAndFormulasAreNeutralised() {
        AuditReport r = Reports.hostile();
        String csv = Reports.render(new CsvRenderer(), r);
        List<List<String>> rows = parse(csv);
        HostReport bad = r.hosts().get(0);
        assertEquals(1 + bad.expected().size() + bad.unexpected().size() + 1, rows.size());
        for (List<String> row : rows) {
            assertEquals(CsvRenderer.COLUMNS.size(), row.size());
            for (String cell : row) {
                assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "formula cell: " + cell);
            }
        }
        List<String> blocked = rows.get(2);
        assertEquals("required-blocked", blocked.get(7));
        assertEquals("'" + Reports.FORMULA, blocked.get(8));
        assertEquals("'-1+2 " + Reports.MARKDOWN, rows.get(3).get(8));
        assertEquals("'" + Reports.stored("@SUM(1) " + Reports.CONTROLS), rows.get(4).get(8),
                "control characters and a lone surrogate as the model stored them");
        assertEquals(Reports.stored("\tnot probed " + Reports.TEMPLATE), rows.get(5).get(8));
        assertEquals("", rows.get(5).get(6), "not probed: no state");
        assertEquals(Reports.stored("\rcr " + Reports.ATTR), rows.get(7).get(8));
        // text round-trips exactly
        List<String> cert = rows.get(1);
        assertEquals(Reports.ATTR + Reports.SVG, cert.get(0));
        assertEquals(Reports.stored("certificate expires in 3 day(s) " + Reports.ALL), cert.get(8));
        assertEquals("domain-controller; web-server", cert.get(10));
        assertEquals("12.500", cert.get(9));
        // the host that could not be audited keeps its error in a row of its own
        List<String> err = rows.get(rows.size() - 1);
        assertEquals("error", err.get(7));
        assertEquals(Reports.stored("cannot resolve " + Reports.ALL), err.get(8));
        assertTrue(csv.endsWith("\r\n"));
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(csv), "always encodable");
    }

    @Test
    void cellQuoting() {
        assertEquals("plain", CsvRenderer.cell("plain"));
        assertEquals("\"a,b\"", CsvRenderer.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvRenderer.cell("say \"hi\""));
        assertEquals("'=1+1", CsvRenderer.cell("=1+1"));
        assertEquals("\"'=1,2\"", CsvRenderer.cell("=1,2"));
        assertEquals("\"'\r\"", CsvRenderer.cell("\r"));
        assertEquals("'\tx", CsvRenderer.cell("\tx"));
        assertEquals("\"a\r\nb\"", CsvRenderer.cell("a\r\nb"), "CR/LF kept inside a quoted field");
        assertEquals("", CsvRenderer.cell(null));
    }
}
