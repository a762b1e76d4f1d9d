package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.reports.model.UnexpectedPort;

/** Several reports of one DC, each from another vantage point, as one flow matrix. */
class FlowMatrixTest {
    /** A client's subnet: SMTP replication to the DC is filtered from there. */
    private static final AuditReport CLIENTS = PerspectiveRenderTest.report("198.18.0.1",
            List.of(Perspective.CLIENT), FindingKind.REQUIRED_BLOCKED, PortState.FILTERED);
    /** Another DC's subnet: SMTP answers. */
    private static final AuditReport PEERS = PerspectiveRenderTest.report("198.18.4.1",
            List.of(Perspective.DOMAIN_CONTROLLER), FindingKind.OK, PortState.OPEN);

    /** {@code r} with an unexpected open telnet on its host and no vantage recorded. */
    private static AuditReport withTelnetNoVantage(AuditReport r) {
        HostReport h = r.hosts().get(0);
        UnexpectedPort telnet = new UnexpectedPort(Transport.TCP, 23, "telnet", "Telnet", PortState.OPEN,
                FindingKind.FORBIDDEN_OPEN, "forbidden " + Reports.SCRIPT, 1.0, List.of());
        HostReport t = new HostReport(h.target(), h.name(), h.address(), h.group(), h.error(), false, h.counts(),
                h.scanned(), h.expected(), List.of(telnet));
        return new AuditReport(r.schemaVersion(), r.tool(), r.startedAt(), r.finishedAt(), r.durationSeconds(),
                r.options(), RunSummary.of(List.of(t)), List.of(t), r.policies(), r.drift());
    }

    private static FlowMatrix matrix() {
        return FlowMatrix.of(List.of(new FlowMatrix.Input("clients.json", CLIENTS),
                new FlowMatrix.Input("peers.json", PEERS),
                new FlowMatrix.Input("jump|host.json", withTelnetNoVantage(CLIENTS))));
    }

    private static FlowMatrix.FlowRow row(FlowMatrix m, String port) {
        return m.rows().stream().filter(r -> r.portLabel().equals(port)).findFirst().orElseThrow();
    }

    @Test
    void aRowPerHostPortAColumnPerVantageAndTheFindingInEachCell() {
        FlowMatrix m = matrix();
        assertEquals(List.of("198.18.0.1", "198.18.4.1", "jump|host.json"),
                m.columns().stream().map(FlowMatrix.Column::label).toList(), "vantage, else the file name");
        assertEquals(List.of("23/tcp", "25/tcp", "137/udp"), m.rows().stream().map(FlowMatrix.FlowRow::portLabel)
                .toList(), "by port number");
        FlowMatrix.FlowRow smtp = row(m, "25/tcp");
        assertEquals("pa-dc01 (198.18.0.10)", smtp.host());
        assertEquals(List.of("required-blocked (filtered)", "ok (open)", "required-blocked (filtered)"),
                smtp.cells().stream().map(FlowMatrix.Cell::text).toList());
        FlowMatrix.FlowRow telnet = row(m, "23/tcp");
        assertNull(telnet.cells().get(0), "the vantage whose report did not see the port has no cell");
        assertNull(telnet.cells().get(1));
        assertEquals("forbidden-open (open)", telnet.cells().get(2).text());
        assertEquals("client", m.columns().get(0).from());
        assertEquals(List.of("198.18.4.1"), m.columns().get(1).vantage());
    }

    @Test
    void twoReportsFromTheSameVantageAreToldApartByFileName() {
        FlowMatrix m = FlowMatrix.of(List.of(new FlowMatrix.Input("monday.json", CLIENTS),
                new FlowMatrix.Input("tuesday.json", CLIENTS), new FlowMatrix.Input("tuesday.json", CLIENTS)));
        assertEquals(List.of("198.18.0.1 (monday.json)", "198.18.0.1 (tuesday.json) #2", "198.18.0.1 (tuesday.json) #3"),
                m.columns().stream().map(FlowMatrix.Column::label).toList());
        FlowMatrix noVantage = FlowMatrix.of(List.of(new FlowMatrix.Input("a.json", withTelnetNoVantage(CLIENTS)),
                new FlowMatrix.Input("a.json", withTelnetNoVantage(PEERS))));
        assertEquals(List.of("a.json #1", "a.json #2"),
                noVantage.columns().stream().map(FlowMatrix.Column::label).toList());
        assertThrows(IllegalArgumentException.class, () -> FlowMatrix.of(List.of()));
    }

    @Test
    void textMarkdownJsonAndHtml() throws IOException {
        FlowMatrix m = matrix();
        StringWriter text = new StringWriter();
        m.text(text);
        List<String> lines = text.toString().lines().toList();
        String head = lines.stream().filter(l -> l.startsWith("HOST ")).findFirst().orElseThrow();
        assertTrue(head.matches("HOST +PORT +198\\.18\\.0\\.1 +198\\.18\\.4\\.1 +jump\\|host\\.json"), head);
        String smtp = lines.stream().filter(l -> l.contains(" 25/tcp ")).findFirst().orElseThrow();
        assertTrue(smtp.matches("pa-dc01 \\(198\\.18\\.0\\.10\\) +25/tcp +required-blocked \\(filtered\\) +ok \\(open\\)"
                + " +required-blocked \\(filtered\\)"), smtp);
        assertTrue(lines.stream().anyMatch(l -> l.matches(".* 23/tcp +- +- +forbidden-open \\(open\\)")), text.toString());
        assertTrue(lines.contains("198.18.4.1: peers.json, started 2026-12-04T19:00:00Z, run from 198.18.4.1, "
                + "perspectives domain-controller"), text.toString());

        StringWriter md = new StringWriter();
        m.markdown(md);
        assertTrue(md.toString().contains("| Host | Port | 198.18.0.1 | 198.18.4.1 | jump\\|host.json |"), md.toString());
        assertTrue(md.toString().contains("| pa-dc01 (198.18.0.10) | 23/tcp |  |  | **forbidden-open (open)** |"),
                md.toString());

        StringWriter json = new StringWriter();
        m.json(json);
        JsonNode tree = Json.MAPPER.readTree(json.toString());
        assertEquals(FlowMatrix.SCHEMA, tree.get("schema").asText());
        assertEquals("jump|host.json", tree.get("columns").get(2).get("file").asText());
        JsonNode telnet = tree.get("rows").get(0);
        assertEquals("23", telnet.get("port").asText());
        assertTrue(telnet.get("cells").get(0).isNull());
        assertEquals("forbidden-open", telnet.get("cells").get(2).get("finding").asText());
        assertEquals("open", telnet.get("cells").get(2).get("state").asText());

        StringWriter html = new StringWriter();
        m.html(html);
        Document d = Jsoup.parse(html.toString());
        assertEquals(List.of("Host", "Port", "198.18.0.1", "198.18.4.1", "jump|host.json"),
                d.select("table.flow thead th").eachText());
        assertEquals(List.of("required-blocked (filtered)", "ok (open)", "required-blocked (filtered)"),
                d.select("table.flow tbody tr").get(1).select("td").eachText().subList(1, 4));
        assertEquals("problem", d.select("table.flow tbody tr").get(1).select("td").get(1).className());
        assertTrue(d.select("script").isEmpty(), "no script, none from a report either");
        assertTrue(d.select("meta[http-equiv=Content-Security-Policy]").attr("content").startsWith("default-src 'none'"));
    }

    @Test
    void aFileNameCannotInjectMarkupOrEscapes() throws IOException {
        FlowMatrix m = FlowMatrix.of(List.of(new FlowMatrix.Input(Reports.SCRIPT + "\u001b[31m.json",
                withTelnetNoVantage(CLIENTS)), new FlowMatrix.Input("b.json", PEERS)));
        StringWriter html = new StringWriter();
        m.html(html);
        Document d = Jsoup.parse(html.toString());
        assertTrue(d.select("script").isEmpty(), html.toString());
        assertTrue(d.select("table.flow thead th").get(2).text().startsWith("<script>"));
        StringWriter text = new StringWriter();
        m.text(text);
        assertTrue(text.toString().chars().noneMatch(c -> c == 0x1b), text.toString());
        StringWriter md = new StringWriter();
        m.markdown(md);
        assertTrue(md.toString().contains("&lt;script&gt;") && !md.toString().contains("<script>"), md.toString());
    }
}
