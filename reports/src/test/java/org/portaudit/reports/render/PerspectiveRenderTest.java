package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Source;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.json.ReportSchemaCheck;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.Located.Where;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;

/**
 * Whom each expected port serves, the perspectives the run asked for and the host's vantage: in every format,
 * read back from JSON, and absent (with the old layout) from a report that does not record them.
 */
class PerspectiveRenderTest {
    static final String VANTAGE = "198.18.0.1";

    /** A DC seen from {@code vantage}: 137/udp serving clients and trusts ok, 25/tcp serving DCs blocked. */
    static AuditReport report(String vantage, List<Perspective> asked, FindingKind smtp, PortState smtpState) {
        RequirementRef netbios = new RequirementRef("domain-controller", "netlogon", "Net Logon", "NetBIOS",
                Level.OPTIONAL, null, Source.kb("KB179442", "firewall for AD"),
                List.of(Perspective.TRUST, Perspective.CLIENT));
        RequirementRef mail = new RequirementRef("domain-controller", "smtp", "SMTP", "SMTP", Level.CONDITIONAL,
                "intersite replication over SMTP", Source.kb("KB179442", "firewall for AD"),
                List.of(Perspective.DOMAIN_CONTROLLER));
        PortCheck p137 = new PortCheck(Transport.UDP, Where.single(137), "NetBIOS", Level.OPTIONAL, List.of(netbios),
                PortState.OPEN, FindingKind.OK, "open", 1.0, 1, List.of(), null);
        PortCheck p25 = new PortCheck(Transport.TCP, Where.single(25), "SMTP", Level.REQUIRED, List.of(mail),
                smtpState, smtp, "seen " + smtpState.word(), null, 2, List.of(), null);
        HostReport dc = new HostReport("pa-dc01", "pa-dc01", "198.18.0.10", null, null, smtp == FindingKind.OK,
                Reports.counts(smtp, FindingKind.OK), 2, List.of(p25, p137), List.of(), vantage);
        List<HostReport> hosts = List.of(dc);
        RunOptions o = new RunOptions(List.of("pa-dc01"), List.of("domain-controller"), "2025", "none",
                List.of(FindingKind.REQUIRED_BLOCKED), 1000, 1, 64, 0, false, null, null, asked);
        return new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit test", "2026-12-04T19:00:00Z",
                "2026-12-04T19:00:01Z", 1.0, o, RunSummary.of(hosts), hosts, List.of(), null);
    }

    private static final AuditReport R = report(VANTAGE, List.of(Perspective.CLIENT, Perspective.DOMAIN_CONTROLLER),
            FindingKind.REQUIRED_BLOCKED, PortState.FILTERED);

    @Test
    void theModelKeepsDeclarationOrderAndTheUnionPerRow() {
        RequirementRef r = R.hosts().get(0).expected().get(1).requiredBy().get(0);
        assertEquals(List.of(Perspective.CLIENT, Perspective.TRUST), r.perspectives(), "declaration order, not given");
        assertEquals(List.of(Perspective.CLIENT, Perspective.DOMAIN_CONTROLLER, Perspective.TRUST),
                RequirementRef.served(List.of(r, R.hosts().get(0).expected().get(0).requiredBy().get(0))));
        assertEquals(List.of(), new RequirementRef("r", null, null, "p", Level.REQUIRED, null, null).perspectives());
    }

    @Test
    void jsonRecordsThemAndReadsThemBack() throws IOException {
        String json = Reports.render(new JsonRenderer(), R); // schema-checked
        JsonNode tree = Json.MAPPER.readTree(json);
        assertEquals("[\"client\",\"domain-controller\"]", tree.get("options").get("from").toString());
        assertEquals(VANTAGE, tree.get("hosts").get(0).get("vantage").asText());
        assertEquals("[\"domain-controller\"]",
                tree.get("hosts").get(0).get("expected").get(0).get("requiredBy").get(0).get("perspectives").toString());
        AuditReport back = JsonRenderer.read(new StringReader(json));
        assertEquals(R, back);
        assertEquals(json, Reports.render(new JsonRenderer(), back), "lossless");
    }

    @Test
    void aReportWithoutThemReadsAsNotRecorded() throws IOException {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(Reports.render(new JsonRenderer(), R));
        ((ObjectNode) tree.get("options")).remove("from");
        ObjectNode host = (ObjectNode) tree.get("hosts").get(0);
        host.remove("vantage");
        for (JsonNode c : host.get("expected")) {
            for (JsonNode q : c.get("requiredBy")) {
                ((ObjectNode) q).remove("perspectives");
            }
        }
        String older = Json.MAPPER.writeValueAsString(tree);
        ReportSchemaCheck.assertValid(older);
        AuditReport back = JsonRenderer.read(new StringReader(older));
        assertEquals(List.of(), back.options().from());
        assertEquals(null, back.hosts().get(0).vantage());
        String text = Reports.render(new ConsoleRenderer(false, false), back);
        assertFalse(text.contains(" FROM ") || text.contains("Perspectives asked") || text.contains("probed from"),
                text);
        assertTrue(text.contains("2 ports probed)"), text);
    }

    @Test
    void hostileValuesAreRefusedOrMadePrintable() throws IOException {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(Reports.render(new JsonRenderer(), R));
        ObjectNode host = (ObjectNode) tree.get("hosts").get(0);
        host.put("vantage", "198.18.0.1\u001b]0;owned\u0007" + Reports.SCRIPT);
        IOException bad = assertThrows(IOException.class,
                () -> JsonRenderer.read(new StringReader(Json.MAPPER.writeValueAsString(tree))));
        assertTrue(bad.getMessage().startsWith("not a portaudit report: the vantage '198.18.0.1"), bad.getMessage());
        assertTrue(bad.getMessage().contains("' is not an IPv4 or IPv6 address") && bad.getMessage().length() < 200
                && bad.getMessage().chars().noneMatch(c -> c < 0x20), bad.getMessage());
        host.put("vantage", "2001:2:0:1:0:0:0:1");
        assertEquals("2001:2:0:1:0:0:0:1", JsonRenderer.read(new StringReader(Json.MAPPER.writeValueAsString(tree)))
                .hosts().get(0).vantage());
        host.put("vantage", VANTAGE);

        ((ArrayNode) tree.get("options").get("from")).add("everyone");
        IOException e = assertThrows(IOException.class,
                () -> JsonRenderer.read(new StringReader(Json.MAPPER.writeValueAsString(tree))));
        assertTrue(e.getMessage().startsWith("not a portaudit report: unknown perspective 'everyone'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("Exception"), e.getMessage());
        ((ObjectNode) tree.get("options")).putNull("from");
        e = assertThrows(IOException.class,
                () -> JsonRenderer.read(new StringReader(Json.MAPPER.writeValueAsString(tree))));
        assertTrue(e.getMessage().contains("options.from is null"), e.getMessage());
    }

    @Test
    void textHasAFromColumnTheVantageAndWhatWasAsked() {
        String text = Reports.render(new ConsoleRenderer(false, false), R);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).endsWith("2 ports probed from 198.18.0.1)"), lines.get(0));
        assertTrue(lines.get(1).contains(" LEVEL ") && lines.get(1).contains(" FROM ")
                && lines.get(1).indexOf(" FROM ") < lines.get(1).indexOf("REQUIRED BY"), lines.get(1));
        String smtp = lines.stream().filter(l -> l.contains("25/tcp")).findFirst().orElseThrow();
        String netbios = lines.stream().filter(l -> l.contains("137/udp")).findFirst().orElseThrow();
        int col = lines.get(1).indexOf(" FROM ") + 1;
        assertTrue(smtp.startsWith("domain-controller ", col), smtp);
        assertTrue(netbios.startsWith("client, trust ", col), netbios);
        assertTrue(lines.contains("Perspectives asked (--from): client, domain-controller"), text);
        String all = Reports.render(new ConsoleRenderer(false, false), report(VANTAGE, List.of(Perspective.values()),
                FindingKind.OK, PortState.OPEN));
        assertTrue(all.contains("Perspectives asked (--from): all (client, domain-controller, trust, admin)"), all);
    }

    @Test
    void markdownHasAServesColumnAndTheVantage() {
        String md = Reports.render(new MarkdownRenderer(), R);
        assertTrue(md.contains("Perspectives asked (--from): client, domain-controller."), md);
        assertTrue(md.contains("Probed from 198.18.0.1."), md);
        String head = md.lines().filter(l -> l.startsWith("| Finding |")).findFirst().orElseThrow();
        assertEquals("| Finding | Port | State | Protocol / name | Level | Serves | Required by | Message | Evidence |",
                head);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| required-blocked | 25/tcp | filtered | SMTP | required | "
                + "domain-controller | domain-controller/smtp |")), md);
    }

    @Test
    void csvHasServesVantageAndAskedAtTheEnd() {
        String csv = Reports.render(new CsvRenderer(), R);
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(0).endsWith(",policy,remedy,serves,vantage,asked"), lines.get(0));
        String smtp = lines.stream().filter(l -> l.contains(",25,")).findFirst().orElseThrow();
        assertTrue(smtp.endsWith(",domain-controller,198.18.0.1,\"client, domain-controller\""), smtp);
        String netbios = lines.stream().filter(l -> l.contains(",137,")).findFirst().orElseThrow();
        assertTrue(netbios.endsWith(",\"client, trust\",198.18.0.1,\"client, domain-controller\""), netbios);
        assertEquals(CsvRenderer.COLUMNS.size(), CsvRenderer.COLUMNS.indexOf("asked") + 1);
    }

    @Test
    void htmlShowsWhomEachNeedServesTheVantageAndWhatWasAsked() {
        Document html = Jsoup.parse(Reports.render(new HtmlRenderer(), R));
        assertEquals("198.18.0.1", html.select("section.host code.vantage").text());
        List<String> serves = html.select("table.expected .need .serves").eachText();
        assertEquals(List.of("serves domain-controller", "serves client, trust"), serves);
        org.jsoup.nodes.Element dt = html.select("dt:containsOwn(Perspectives asked (--from))").first();
        assertTrue(dt != null, html.select("dl").outerHtml());
        assertEquals("client, domain-controller", dt.nextElementSibling().text());
    }
}
