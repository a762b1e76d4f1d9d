package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.scanner.nmap.NmapXml;

/**
 * nmap's observations judged by the scan's own judge: each state mapped, each port nmap did not scan not
 * checked (never blocked), the unexpected and forbidden ones found, the evidence naming nmap.
 */
class NmapResultsTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    private static final String DC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE nmaprun>
            <nmaprun scanner="nmap" args="nmap -sS -sU -p T:1-1000,3268-3269,9389,8080,U:53,88,123,389,464 dc" \
            start="1796409069" version="7.93" xmloutputversion="1.05">
            <scaninfo type="syn" protocol="tcp" numservices="1004" services="1-1000,3268-3269,8080,9389"/>
            <scaninfo type="udp" protocol="udp" numservices="5" services="53,88,123,389,464"/>
            <host><status state="up" reason="user-set" reason_ttl="0"/>
            <address addr="198.18.0.10" addrtype="ipv4"/>
            <hostnames><hostname name="dc01" type="user"/><hostname name="dc01.lab.portaudit.test" type="PTR"/></hostnames>
            <ports><extraports state="closed" count="992">
            <extrareasons reason="reset" count="992" proto="tcp" ports="1-22,24-52,54-87,89-134,136-388,390-444,446-463,465-635,637-1000"/>
            </extraports>
            <port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="telnet" method="table" conf="3"/></port>
            <port protocol="tcp" portid="53"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="domain" product="Samba" method="probed" conf="10"/></port>
            <port protocol="tcp" portid="88"><state state="open" reason="syn-ack" reason_ttl="64"/></port>
            <port protocol="tcp" portid="135"><state state="open" reason="syn-ack" reason_ttl="64"/></port>
            <port protocol="tcp" portid="389"><state state="open" reason="syn-ack" reason_ttl="64"/></port>
            <port protocol="tcp" portid="445"><state state="unfiltered" reason="reset" reason_ttl="64"/></port>
            <port protocol="tcp" portid="464"><state state="closed|filtered" reason="no-response" reason_ttl="0"/></port>
            <port protocol="tcp" portid="636"><state state="filtered" reason="no-response" reason_ttl="0"/></port>
            <port protocol="tcp" portid="3268"><state state="open" reason="syn-ack" reason_ttl="64"/></port>
            <port protocol="tcp" portid="3269"><state state="closed" reason="reset" reason_ttl="64"/></port>
            <port protocol="tcp" portid="8080"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http-proxy" method="table" conf="3"/></port>
            <port protocol="tcp" portid="9389"><state state="closed" reason="reset" reason_ttl="64"/></port>
            <port protocol="udp" portid="53"><state state="open" reason="udp-response" reason_ttl="64"/></port>
            <port protocol="udp" portid="88"><state state="open|filtered" reason="no-response" reason_ttl="0"/></port>
            <port protocol="udp" portid="123"><state state="open|filtered" reason="no-response" reason_ttl="0"/></port>
            <port protocol="udp" portid="389"><state state="closed" reason="port-unreach" reason_ttl="64"/></port>
            <port protocol="udp" portid="464"><state state="open" reason="udp-response" reason_ttl="64"/></port>
            </ports></host>
            <host><status state="down" reason="no-response" reason_ttl="0"/><address addr="198.18.0.30" addrtype="ipv4"/></host>
            <runstats><finished time="1796409075" exit="success"/></runstats>
            </nmaprun>
            """;

    private static List<HostReport> judge(String xml, String scope) {
        NmapXml.Run run = NmapXml.read("dc.xml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Policy policy = Policy.builtIn();
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role("domain-controller").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse(scope, CATALOG), policy);
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        return new NmapResults(new Judge(CATALOG, plan, Protocols.NONE, j), policy).judge(run);
    }

    private static PortCheck check(HostReport h, String transport, String port) {
        return h.expected().stream().filter(c -> c.transport().id().equals(transport) && c.portText().equals(port))
                .findFirst().orElseThrow(() -> new AssertionError(port + "/" + transport + " in " + h.expected()));
    }

    private static void assertCheck(HostReport h, String transport, String port, FindingKind finding, PortState state) {
        PortCheck c = check(h, transport, port);
        assertEquals(finding, c.finding(), port + "/" + transport + ": " + c.message());
        assertEquals(state, c.state(), port + "/" + transport + ": " + c.message());
    }

    @Test
    void eachNmapStateIsJudgedAsTheScanJudgesItsOwn() {
        List<HostReport> hosts = judge(DC, "well-known");
        assertEquals(2, hosts.size());
        HostReport dc = hosts.get(0);
        assertEquals("dc01", dc.target());
        assertEquals("198.18.0.10", dc.address());
        assertFalse(dc.compliant());
        assertCheck(dc, "tcp", "53", FindingKind.OK, PortState.OPEN);
        assertEquals("open", check(dc, "tcp", "53").message(), "nmap's service name is no confirmation");
        assertCheck(dc, "tcp", "636", FindingKind.REQUIRED_BLOCKED, PortState.FILTERED);
        assertCheck(dc, "tcp", "9389", FindingKind.REQUIRED_BLOCKED, PortState.CLOSED);
        // closed|filtered: blocked either way.
        assertCheck(dc, "tcp", "464", FindingKind.REQUIRED_BLOCKED, PortState.FILTERED);
        // unfiltered: reached, but open or closed cannot be told.
        assertCheck(dc, "tcp", "445", FindingKind.NOT_CHECKED, null);
        assertTrue(check(dc, "tcp", "445").message().startsWith("nmap: unfiltered (reset; its syn scan reached the port "
                + "but cannot tell open from closed)"), check(dc, "tcp", "445").message());
        // A conditional port closed, nothing proving the condition: ok, as scan says without a rootDSE.
        assertCheck(dc, "tcp", "3269", FindingKind.OK, PortState.CLOSED);
        assertCheck(dc, "udp", "53", FindingKind.OK, PortState.OPEN);
        assertCheck(dc, "udp", "389", FindingKind.REQUIRED_BLOCKED, PortState.CLOSED);
        // open|filtered and nothing decides (nmap proves no service over TCP): unverified.
        assertCheck(dc, "udp", "88", FindingKind.UNVERIFIED, PortState.OPEN_FILTERED);
        assertCheck(dc, "udp", "123", FindingKind.UNVERIFIED, PortState.OPEN_FILTERED);
        // Required, never scanned: not checked, and the message says so; never blocked.
        assertCheck(dc, "udp", "137", FindingKind.NOT_CHECKED, null);
        assertEquals("not scanned: nmap's udp scan did not cover 137/udp", check(dc, "udp", "137").message());
        assertCheck(dc, "tcp", "5985", FindingKind.NOT_CHECKED, null);
        // The dynamic RPC row cannot be judged from nmap: the mapper's list is not in the report.
        PortCheck rpc = check(dc, "tcp", "dynamic-rpc");
        assertEquals(FindingKind.NOT_CHECKED, rpc.finding());
        assertTrue(rpc.message().contains("an nmap report holds no endpoint-mapper list"), rpc.message());
        for (PortCheck c : dc.expected()) {
            if (c.finding() == FindingKind.REQUIRED_BLOCKED) {
                assertTrue(c.state() != null && c.state() != PortState.OPEN, "blocked only on nmap's word: " + c);
            }
        }

        // The evidence is nmap's, its reason first.
        Evidence e = check(dc, "tcp", "9389").evidence().get(0);
        assertEquals("nmap:syn", e.probe());
        assertEquals("nmap: reset (closed in nmap 7.93's syn scan)", e.summary());
        assertTrue(e.matched());
        assertEquals("reset", e.text("reason").orElseThrow());
        Evidence dns = check(dc, "tcp", "53").evidence().get(0);
        assertTrue(dns.summary().endsWith("; nmap names the service domain (Samba), by version detection"), dns.summary());
        assertFalse(check(dc, "tcp", "636").evidence().get(0).matched(), "silence decided 636");
        // A port among the extraports carries their reason.
        PortCheck smtpLess = check(dc, "tcp", "139");
        assertEquals(PortState.CLOSED, smtpLess.state());
        assertTrue(smtpLess.evidence().get(0).summary().contains("one of its extraports"), smtpLess.evidence().toString());

        // Unexpected: telnet is forbidden by the built-in policy; 8080 is in the well-known scope.
        UnexpectedPort telnet = dc.unexpected().stream().filter(u -> u.port() == 23).findFirst().orElseThrow();
        assertEquals(FindingKind.FORBIDDEN_OPEN, telnet.finding());
        UnexpectedPort proxy = dc.unexpected().stream().filter(u -> u.port() == 8080).findFirst().orElseThrow();
        assertEquals(FindingKind.UNEXPECTED_OPEN, proxy.finding());
        assertEquals(2, dc.unexpected().size(), dc.unexpected().toString());
        assertEquals(1004 + 5, dc.scanned(), "every port nmap reported counts as scanned");

        HostReport down = hosts.get(1);
        assertEquals("198.18.0.30", down.target());
        assertEquals("nmap reported the host down (no-response): no port of it was scanned", down.error());
    }

    @Test
    void theUnexpectedScopeDecidesAsForScanButForbiddenPortsAlwaysCount() {
        HostReport dc = judge(DC, "none").get(0);
        assertEquals(List.of(23), dc.unexpected().stream().map(UnexpectedPort::port).toList());
        assertEquals(FindingKind.FORBIDDEN_OPEN, dc.unexpected().get(0).finding());
    }

    @Test
    void aReportWithoutUdpLeavesEveryUdpPortNotChecked() {
        String tcpOnly = DC.replaceAll("<scaninfo type=\"udp\"[^>]*/>", "").replaceAll("<port protocol=\"udp\".*</port>\n", "");
        HostReport dc = judge(tcpOnly, "none").get(0);
        for (PortCheck c : dc.expected()) {
            if (c.transport().id().equals("udp")) {
                assertEquals(FindingKind.NOT_CHECKED, c.finding(), c.toString());
                assertNull(c.state());
                assertEquals("not scanned: the nmap run made no UDP scan", c.message());
            }
        }
    }

    @Test
    void anIpv6HostIsJudgedAlike() {
        HostReport v6 = judge(DC.replace("<address addr=\"198.18.0.10\" addrtype=\"ipv4\"/>",
                "<address addr=\"2001:2:0:1::10\" addrtype=\"ipv6\"/>"), "none").get(0);
        assertEquals("2001:2:0:1:0:0:0:10", v6.address());
        assertCheck(v6, "tcp", "636", FindingKind.REQUIRED_BLOCKED, PortState.FILTERED);
        assertCheck(v6, "tcp", "389", FindingKind.OK, PortState.OPEN);
    }

    @Test
    void aHostAddressThatIsNoIpLiteralRefusesTheReport() {
        for (String bad : List.of("dc01.example", "127.1", "0x7f000001", "198.18.0.010")) {
            NmapXml.Bad e = assertThrows(NmapXml.Bad.class, () -> judge(DC.replace("198.18.0.10", bad), "none"), bad);
            assertTrue(e.getMessage().startsWith("dc.xml: a host's address is not an IP address"), e.getMessage());
        }
    }
}
