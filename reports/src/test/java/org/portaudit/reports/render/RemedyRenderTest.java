package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Source;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.json.ReportReader;
import org.portaudit.reports.json.ReportSchemaCheck;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.Remedy;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.UnexpectedPort;

/** Every format shows a finding's remedy (expected row, unexpected port, advertised RPC endpoint), escaped. */
class RemedyRenderTest {
    private static final Source DSI = new Source(null, null, null, "https://firewall.dsinternals.com/ADDS",
            "Domain Controller Firewall (DSInternals)");
    static final Remedy OPEN_636 = new Remedy(Remedy.Action.OPEN, "Active Directory Domain Services",
            "Active Directory Domain Controller - Secure LDAP (TCP-In)", null, null,
            List.of("Enable-NetFirewallRule -DisplayName 'Active Directory Domain Controller - Secure LDAP (TCP-In)'"),
            "allow tcp from the clients that use the service to 198.18.0.10 port 636", null, List.of(DSI));
    static final Remedy CLOSE_23 = new Remedy(Remedy.Action.CLOSE, null, null, "TlntSvr", "Telnet",
            List.of("Stop-Service -Name 'TlntSvr'", "Set-Service -Name 'TlntSvr' -StartupType Disabled",
                    Reports.FORMULA),
            "deny tcp from any source to 198.18.0.10 port 23", "a guess " + Reports.SCRIPT + Reports.CONTROLS,
            List.of(Source.doc("000_65eb1549b5271039.txt", "Telnet"), new Source(null, null, null,
                    "javascript:alert(1)", "hostile link")));
    static final Remedy OPEN_49153 = new Remedy(Remedy.Action.OPEN, "Active Directory Domain Services",
            "Active Directory Domain Controller (RPC)", null, null,
            List.of("Enable-NetFirewallRule -DisplayName 'Active Directory Domain Controller (RPC)'"),
            "allow tcp from the clients that use the service to 198.18.0.10 port 49153", "local port RPC",
            List.of(DSI));

    /** Reports.audit() with remedies on the DC's 636, its blocked advertised port 49153, and an open telnet. */
    static AuditReport report() {
        AuditReport base = Reports.audit();
        HostReport dc = base.hosts().get(0);
        List<PortCheck> expected = new ArrayList<>();
        for (PortCheck c : dc.expected()) {
            if (c.dynamicRpc()) {
                List<RpcEndpointCheck> eps = new ArrayList<>();
                for (RpcEndpointCheck e : c.endpoints()) {
                    eps.add(e.finding() == FindingKind.REQUIRED_BLOCKED ? e.withRemedy(OPEN_49153) : e);
                }
                expected.add(c.withRemedy(null, eps));
            } else if (c.port() != null && c.port() == 636) {
                expected.add(c.withRemedy(OPEN_636, c.endpoints()));
            } else {
                expected.add(c);
            }
        }
        UnexpectedPort telnet = new UnexpectedPort(Transport.TCP, 23, "telnet", "Telnet", PortState.OPEN,
                FindingKind.FORBIDDEN_OPEN, "open; forbidden", 0.4, List.of(Evidence.of("tcp-connect", "SYN-ACK", true)),
                null, null, CLOSE_23);
        HostReport withRemedies = new HostReport(dc.target(), dc.name(), dc.address(), dc.group(), dc.error(),
                dc.compliant(), dc.counts(), dc.scanned(), expected, List.of(telnet));
        List<HostReport> hosts = new ArrayList<>(base.hosts());
        hosts.set(0, withRemedies);
        return new AuditReport(base.schemaVersion(), base.tool(), base.startedAt(), base.finishedAt(),
                base.durationSeconds(), base.options(), base.summary(), hosts, base.policies(), base.drift());
    }

    private static String render(Renderer r) {
        return Reports.render(r, report());
    }

    @Test
    void theModelSanitisesARemedy() {
        assertFalse(CLOSE_23.note().contains("\u001b"), CLOSE_23.note());
        assertFalse(CLOSE_23.note().contains("\n"), CLOSE_23.note());
        assertThrows(IllegalArgumentException.class, () -> new Remedy(null, null, null, null, null, null, null,
                null, null));
        assertEquals("enable firewall rule 'Active Directory Domain Controller - Secure LDAP (TCP-In)' (group "
                + "'Active Directory Domain Services'); network firewall: allow tcp from the clients that use the "
                + "service to 198.18.0.10 port 636", OPEN_636.summary());
        assertTrue(CLOSE_23.summary().startsWith("stop and disable TlntSvr (Telnet), or block the port"),
                CLOSE_23.summary());
        // a verdict changed by the policy drops a remedy written for the old one
        PortCheck c = report().hosts().get(0).expected().stream().filter(x -> x.remedy() != null).findFirst()
                .orElseThrow();
        assertNull(c.withVerdict(FindingKind.OK, "exception").remedy());
        assertEquals(c.remedy(), c.withVerdict(c.finding(), "same verdict, other words").remedy());
    }

    @Test
    void jsonKeepsEveryRemedyAndReadsItBack() throws Exception {
        String json = render(new JsonRenderer());
        ReportSchemaCheck.assertValid(json);
        AuditReport back = ReportReader.read(new StringReader(json));
        assertEquals(report(), back);
        HostReport dc = back.hosts().get(0);
        assertEquals(CLOSE_23, dc.unexpected().get(0).remedy());
        assertEquals(OPEN_49153, dc.expected().stream().filter(PortCheck::dynamicRpc).findFirst().orElseThrow()
                .endpoints().get(1).remedy());
        assertEquals(json, Reports.render(new JsonRenderer(), back), "lossless");
        assertTrue(json.contains("\"action\" : \"close\""), json);
    }

    @Test
    void aReportOfAnEarlierVersionWithoutRemediesStillReads() throws Exception {
        com.fasterxml.jackson.databind.JsonNode tree = org.portaudit.reports.json.Json.MAPPER.readTree(
                Reports.render(new JsonRenderer(), Reports.audit()));
        dropRemedies(tree);
        String json = org.portaudit.reports.json.Json.MAPPER.writeValueAsString(tree);
        assertFalse(json.contains("\"remedy\""), "no remedy member left");
        ReportSchemaCheck.assertValid(json);
        AuditReport back = ReportReader.read(new StringReader(json));
        assertNull(back.hosts().get(0).expected().get(0).remedy());
    }

    private static void dropRemedies(com.fasterxml.jackson.databind.JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("remedy");
        }
        n.forEach(RemedyRenderTest::dropRemedies);
    }

    @Test
    void aHandEditedRemedyIsRefusedInWords() {
        String json = render(new JsonRenderer()).replace("\"action\" : \"close\"", "\"action\" : \"burn\"");
        Exception e = assertThrows(java.io.IOException.class, () -> ReportReader.read(new StringReader(json)));
        assertTrue(e.getMessage().contains("unknown remedy action 'burn'"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void text() {
        String text = render(new ConsoleRenderer(false, false));
        assertTrue(text.contains("  Remedies:"), text);
        assertTrue(text.contains("  636/tcp required-blocked: enable firewall rule 'Active Directory Domain Controller"
                + " - Secure LDAP (TCP-In)'"), text);
        assertTrue(text.contains("      PS> Enable-NetFirewallRule -DisplayName 'Active Directory Domain Controller "
                + "- Secure LDAP (TCP-In)'"), text);
        assertTrue(text.contains("  49153/tcp required-blocked: enable firewall rule 'Active Directory Domain "
                + "Controller (RPC)'"), text);
        assertTrue(text.contains("  23/tcp forbidden-open: stop and disable TlntSvr (Telnet)"), text);
        assertTrue(text.contains("      PS> Set-Service -Name 'TlntSvr' -StartupType Disabled"), text);
        assertTrue(text.contains("      source: Domain Controller Firewall (DSInternals) <https://firewall.dsinternals"
                + ".com/ADDS>"), text);
        assertFalse(text.contains("\u001b"), "no raw escape from a remedy");
    }

    @Test
    void markdown() {
        String md = render(new MarkdownRenderer());
        assertTrue(md.contains("#### Remedies"), md);
        assertTrue(md.contains("- **636/tcp** (required-blocked): enable firewall rule"), md);
        assertTrue(md.contains("  - PowerShell: Stop-Service -Name 'TlntSvr'"), md);
        assertTrue(md.contains("- **49153/tcp** (required-blocked)"), md);
        assertFalse(md.contains(Reports.SCRIPT), "the note's markup is escaped");
        assertTrue(md.contains("&lt;script&gt;"), md);
    }

    @Test
    void csvHasARemedyColumn() {
        List<String> lines = render(new CsvRenderer()).lines().toList();
        assertTrue(lines.get(0).contains(",policy,remedy,"), lines.get(0));
        String ldaps = lines.stream().filter(l -> l.contains(",636,")).findFirst().orElseThrow();
        assertEquals("enable firewall rule 'Active Directory Domain Controller - Secure LDAP (TCP-In)'"
                + " (group 'Active Directory Domain Services'); network firewall: allow tcp from the clients that use "
                + "the service to 198.18.0.10 port 636; PowerShell: Enable-NetFirewallRule -DisplayName 'Active "
                + "Directory Domain Controller - Secure LDAP (TCP-In)'", remedyCell(ldaps));
        String telnet = lines.stream().filter(l -> l.contains(",23,")).findFirst().orElseThrow();
        assertTrue(remedyCell(telnet).contains(
                "Stop-Service -Name 'TlntSvr' ; Set-Service -Name 'TlntSvr' -StartupType Disabled"), telnet);
        String ok = lines.stream().filter(l -> l.contains(",464,")).findFirst().orElseThrow();
        assertEquals("", remedyCell(ok), "no remedy on an ok row: " + ok);
    }

    /** The remedy column of one CSV line (RFC 4180 quoting). */
    private static String remedyCell(String line) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.get(CsvRenderer.COLUMNS.indexOf("remedy"));
    }

    @Test
    void junitFailureTextCarriesTheRemedy() {
        String xml = render(new JunitXmlRenderer());
        assertTrue(xml.contains("remedy: enable firewall rule 'Active Directory Domain Controller - Secure LDAP"
                + " (TCP-In)'"), xml);
        assertTrue(xml.contains("  PS&gt; Stop-Service -Name 'TlntSvr'") || xml.contains("  PS> Stop-Service -Name 'TlntSvr'"),
                xml);
        assertTrue(xml.contains("  source: 000_65eb1549b5271039.txt \u00a7 Telnet"), xml);
        assertFalse(xml.contains("<script>"), "escaped");
    }

    @Test
    void html() {
        org.jsoup.nodes.Document d = Jsoup.parse(render(new HtmlRenderer()));
        Element ldaps = d.getElementById("host-1-tcp-636");
        assertNotNull(ldaps);
        Element remedy = ldaps.selectFirst("details.remedy[data-action=open]");
        assertNotNull(remedy, ldaps.outerHtml());
        assertTrue(remedy.selectFirst("summary").text().startsWith("Remedy: enable firewall rule"), remedy.text());
        assertEquals("Enable-NetFirewallRule -DisplayName 'Active Directory Domain Controller - Secure LDAP (TCP-In)'",
                remedy.selectFirst("pre.ps").text());
        assertEquals("https://firewall.dsinternals.com/ADDS", remedy.selectFirst(".cite a").attr("href"));
        Element endpoint = d.getElementById("host-1-tcp-dynamic-rpc-49153");
        assertNotNull(endpoint, d.getElementById("host-1-tcp-dynamic-rpc").outerHtml());
        assertNotNull(endpoint.selectFirst("details.remedy"), endpoint.outerHtml());
        Element telnet = d.select("table.unexpected tr[data-finding=forbidden-open]").first();
        assertNotNull(telnet);
        Element close = telnet.selectFirst("details.remedy[data-action=close]");
        assertNotNull(close, telnet.outerHtml());
        assertTrue(close.selectFirst("p.note").text().contains("<script>"), "the note shown as text");
        assertTrue(d.select("script").stream().noneMatch(s -> s.html().contains("PWNED")), "no injected script");
        assertTrue(close.select("a").stream().noneMatch(a -> a.attr("href").startsWith("javascript")),
                "no javascript: link from a source");
    }
}
