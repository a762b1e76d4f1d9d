package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.scanner.lab.Lab;

/**
 * Remedies on the lab domain controller's real findings: iptables drops 636 and 3269 and rejects 464, Samba has
 * no ADWS on 9389, and a stray telnet listens on 23 (forbidden by the built-in policy). Each failing finding
 * names what to do, in report.json and in every other format, and 'report' reads them back.
 */
class RemedyLabIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NEEDS_REMEDY = Set.of("required-blocked", "unexpected-open", "forbidden-open");

    @BeforeEach
    void lab() {
        Lab.assumeUp();
    }

    private static JsonNode row(JsonNode host, String list, String port, String transport) {
        for (JsonNode c : host.get(list)) {
            if (Lab.portText(c).equals(port) && c.get("transport").asText().equals(transport)) {
                return c;
            }
        }
        throw new AssertionError(port + "/" + transport + " not in " + list + ": " + host.get(list));
    }

    private static List<String> commands(JsonNode remedy) {
        List<String> out = new ArrayList<>();
        remedy.get("commands").forEach(c -> out.add(c.asText()));
        return out;
    }

    private static void assertOpens(JsonNode host, String port, String group, String rule) {
        JsonNode c = row(host, "expected", port, "tcp");
        assertEquals("required-blocked", c.get("finding").asText(), c.toString());
        JsonNode r = c.get("remedy");
        assertEquals("open", r.get("action").asText(), r.toString());
        assertEquals(group, r.get("firewallGroup").asText(), r.toString());
        assertEquals(rule, r.get("firewallRule").asText(), r.toString());
        assertEquals(List.of("Enable-NetFirewallRule -DisplayName '" + rule + "'"), commands(r));
        assertTrue(r.get("networkRule").asText().startsWith("allow tcp from "), r.toString());
        assertTrue(r.get("networkRule").asText().endsWith(" to " + Lab.DC_V4 + " port " + port), r.toString());
        assertTrue(r.get("sources").get(0).get("url").asText().startsWith("https://"), r.toString());
    }

    @Test
    void everyFailingFindingOfTheDcCarriesItsRemedy(@TempDir Path dir) throws Exception {
        CliRunner.Result run = CliRunner.run("scan", "--host", Lab.DC_NAME, "--role", "domain-controller", "--domain",
                Lab.DNS_DOMAIN, "--unexpected", "none", "-o", dir.toString(), "-f", "html,csv,junit,markdown,text",
                "--no-color");
        assertEquals(1, run.exit(), run.err());
        JsonNode host = JSON.readTree(Files.readString(dir.resolve("report.json"))).get("hosts").get(0);
        assertOpens(host, "636", "Active Directory Domain Services", "Active Directory Domain Controller - Secure LDAP (TCP-In)");
        assertOpens(host, "3269", "Active Directory Domain Services",
                "Active Directory Domain Controller - Secure LDAP for Global Catalog (TCP-In)");
        assertOpens(host, "464", "Kerberos Key Distribution Center", "Kerberos Key Distribution Center - PCR (TCP-In)");
        assertOpens(host, "9389", "Active Directory Web Services", "Active Directory Web Services (TCP-In)");

        JsonNode telnet = row(host, "unexpected", "23", "tcp");
        assertEquals("forbidden-open", telnet.get("finding").asText(), telnet.toString());
        JsonNode close = telnet.get("remedy");
        assertEquals("close", close.get("action").asText());
        assertEquals("TlntSvr", close.get("windowsService").asText());
        assertEquals(List.of("Stop-Service -Name 'TlntSvr'", "Set-Service -Name 'TlntSvr' -StartupType Disabled",
                "New-NetFirewallRule -DisplayName 'portaudit: block 23/tcp' -Direction Inbound -Protocol TCP "
                        + "-LocalPort 23 -Action Block"), commands(close));
        assertEquals("deny tcp from any source to " + Lab.DC_V4 + " port 23", close.get("networkRule").asText());

        // a remedy exactly where a finding needs one, nowhere else (the advertised RPC ports included)
        int remedies = 0;
        for (String list : List.of("expected", "unexpected")) {
            for (JsonNode c : host.get(list)) {
                boolean needs = NEEDS_REMEDY.contains(c.get("finding").asText());
                assertEquals(needs, c.hasNonNull("remedy"), c.toString());
                remedies += needs ? 1 : 0;
                if (c.has("endpoints")) {
                    for (JsonNode e : c.get("endpoints")) {
                        assertEquals(NEEDS_REMEDY.contains(e.get("finding").asText()), e.hasNonNull("remedy"),
                                e.toString());
                    }
                }
            }
        }
        assertEquals(5, remedies, "636, 3269, 464, 9389 blocked and 23 forbidden");

        // every other format shows them
        String rule636 = "Active Directory Domain Controller - Secure LDAP (TCP-In)";
        String text = Files.readString(dir.resolve("report.txt"));
        assertTrue(text.contains("  Remedies:"), text);
        assertTrue(text.contains("PS> Enable-NetFirewallRule -DisplayName '" + rule636 + "'"), text);
        assertTrue(text.contains("PS> Stop-Service -Name 'TlntSvr'"), text);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("class=\"remedy\""), "html");
        assertTrue(html.contains("Enable-NetFirewallRule -DisplayName &#39;" + rule636 + "&#39;")
                || html.contains("Enable-NetFirewallRule -DisplayName '" + rule636 + "'"), "html command");
        String csv = Files.readString(dir.resolve("report.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",policy,remedy,"), csv);
        assertTrue(csv.lines().anyMatch(l -> l.contains(",636,") && l.contains("Enable-NetFirewallRule")), csv);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("#### Remedies"), md);
        assertTrue(md.contains("Stop-Service -Name 'TlntSvr'"), md);
        String junit = Files.readString(dir.resolve("report-junit.xml"));
        assertTrue(junit.contains("remedy: stop and disable TlntSvr (Telnet)"), junit);

        // the report reader reads them back: 'report' re-renders report.json with the same remedies
        CliRunner.Result again = CliRunner.run("report", dir.resolve("report.json").toString(), "--format", "text");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("PS> Enable-NetFirewallRule -DisplayName '" + rule636 + "'"), again.out());
        CliRunner.Result json = CliRunner.run("report", dir.resolve("report.json").toString(), "--format", "json");
        assertEquals(JSON.readTree(Files.readString(dir.resolve("report.json"))), JSON.readTree(json.out()),
                "read back losslessly");
        assertFalse(run.err().contains("Exception"), run.err());
    }
}
