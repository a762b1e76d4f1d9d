package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;

/** Judging with a policy, on made-up results: allowed, forbidden, excepted and expired. */
class PolicyJudgeTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    /** The run's date: 2026-11-22. */
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final Evidence SYN_ACK = Evidence.of("tcp-connect", "SYN-ACK", true);

    /**
     * Judges one host: every probe closed except the given "port/transport" keys, open with that
     * service evidence (null for none).
     */
    private static HostReport judge(String role, String policy, String scope, Set<FindingKind> failOn,
                                    Map<String, Evidence> open) throws Exception {
        Policy p = policy == null ? Policy.builtIn() : Policy.parse("p.yaml", new StringReader(policy), CATALOG);
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role(role).orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse(scope, CATALOG), p);
        Target dc01 = Target.resolved("dc01", "dc01", InetAddress.getByName("198.18.0.10"));
        HostResults seen = MadeUp.results(plan, dc01, (t, port) -> {
            String key = port + "/" + t.id();
            return open.containsKey(key) ? MadeUp.Outcome.open(open.get(key)) : MadeUp.Outcome.closed();
        });
        Judgement j = new Judgement(failOn, 30, p, TODAY);
        return new Judge(CATALOG, plan, Protocols.NONE, j).judge(seen, p.forHost(dc01, plan.roleIds()), null);
    }

    private static Map<String, Evidence> webOpenPlus(String... keys) {
        Map<String, Evidence> m = new java.util.HashMap<>();
        m.put("80/tcp", null);
        m.put("443/tcp", null);
        for (String k : keys) {
            m.put(k, null);
        }
        return m;
    }

    private static UnexpectedPort unexpected(HostReport h, int port) {
        return h.unexpected().stream().filter(u -> u.port() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no unexpected " + port + " in " + h.unexpected()));
    }

    private static PortCheck check(HostReport h, String transport, String port) {
        return h.expected().stream().filter(c -> c.transport().id().equals(transport) && c.portText().equals(port)).findFirst()
                .orElseThrow();
    }

    @Test
    void withoutAPolicyAnOpenPortIsUnexpectedAndTheHostCompliesWhenOnlyRolePortsAreOpen() throws Exception {
        HostReport clean = judge("web-server", null, "well-known", Judgement.DEFAULT_FAIL_ON, webOpenPlus());
        assertTrue(clean.compliant(), clean.toString());
        HostReport h = judge("web-server", null, "well-known", Judgement.DEFAULT_FAIL_ON, webOpenPlus("8080/tcp"));
        assertEquals(FindingKind.UNEXPECTED_OPEN, unexpected(h, 8080).finding());
        assertFalse(h.compliant());
    }

    @Test
    void allowedPortIsOk() throws Exception {
        HostReport h = judge("web-server", "all: {allow: [{ports: 8080, reason: monitoring agent}]}", "well-known",
                Judgement.DEFAULT_FAIL_ON, webOpenPlus("8080/tcp"));
        UnexpectedPort u = unexpected(h, 8080);
        assertEquals(FindingKind.OK, u.finding());
        assertEquals("open; allowed (all): monitoring agent", u.message());
        assertTrue(h.compliant(), h.toString());
        assertEquals(0, h.counts().get(FindingKind.UNEXPECTED_OPEN));
    }

    @Test
    void builtInTelnetIsForbiddenAndFailsEvenWithFailOnNoneAndNoSweep() throws Exception {
        HostReport h = judge("web-server", null, "none", Set.of(), webOpenPlus("23/tcp"));
        UnexpectedPort telnet = unexpected(h, 23);
        assertEquals(FindingKind.FORBIDDEN_OPEN, telnet.finding());
        assertEquals("telnet", telnet.name());
        assertEquals("open; forbidden (built-in): telnet: cleartext remote shell, passwords on the wire",
                telnet.message());
        assertFalse(h.compliant(), "forbidden-open fails whatever --fail-on says");
        assertEquals(1, h.counts().get(FindingKind.FORBIDDEN_OPEN));
        // The same host with nothing forbidden open complies with --fail-on none.
        assertTrue(judge("web-server", null, "none", Set.of(), webOpenPlus("8080/tcp")).compliant());
    }

    @Test
    void portsSweptOnlyForAnotherHostsRuleAreNotReported() throws Exception {
        // 8080 is forbidden only on 10.0.0.0/8, so it is swept, but this host is 198.18.0.10 and the scope is none.
        HostReport h = judge("web-server", "hosts: {\"10.0.0.0/8\": {forbid: [{ports: 8080, reason: x}]}}", "none",
                Judgement.DEFAULT_FAIL_ON, webOpenPlus("8080/tcp"));
        assertTrue(h.unexpected().isEmpty(), h.unexpected().toString());
        HostReport here = judge("web-server", "hosts: {\"198.18.0.0/24\": {forbid: [{ports: 8080, reason: no proxies}]}}",
                "none", Judgement.DEFAULT_FAIL_ON, webOpenPlus("8080/tcp"));
        assertEquals("open; forbidden (host 198.18.0.0/24): no proxies", unexpected(here, 8080).message());
    }

    @Test
    void validExceptionMakesTheFindingOkWithTheJustification() throws Exception {
        String policy = """
                exceptions:
                  - {ports: 23/tcp, host: dc01, justification: "CHG-42 serial console server", expires: 2026-11-22}
                  - {ports: 80, role: web-server, justification: "HTTP moved to the proxy", expires: 2027-01-31}
                """;
        HostReport h = judge("web-server", policy, "none", Judgement.DEFAULT_FAIL_ON, Map.of("443/tcp", SYN_ACK,
                "23/tcp", SYN_ACK));
        UnexpectedPort telnet = unexpected(h, 23);
        assertEquals(FindingKind.OK, telnet.finding());
        assertEquals("exception until 2026-11-22: CHG-42 serial console server (would be forbidden-open: open; "
                + "forbidden (built-in): telnet: cleartext remote shell, passwords on the wire)", telnet.message());
        PortCheck http = check(h, "tcp", "80");
        assertEquals(FindingKind.OK, http.finding());
        assertEquals("exception until 2027-01-31: HTTP moved to the proxy (would be required-blocked: required port "
                + "is closed)", http.message());
        assertTrue(h.compliant(), h.toString());
    }

    @Test
    void expiredExceptionStopsApplyingAndSaysSo() throws Exception {
        String policy = """
                exceptions:
                  - {ports: 23/tcp, justification: "CHG-42 serial console server", expires: 2026-11-21}
                  - {ports: 80, justification: "HTTP moved to the proxy", expires: 2026-01-31}
                """;
        HostReport h = judge("web-server", policy, "none", Judgement.DEFAULT_FAIL_ON, Map.of("443/tcp", SYN_ACK,
                "23/tcp", SYN_ACK));
        UnexpectedPort telnet = unexpected(h, 23);
        assertEquals(FindingKind.FORBIDDEN_OPEN, telnet.finding());
        assertTrue(telnet.message().endsWith("; exception 'CHG-42 serial console server' expired on 2026-11-21"),
                telnet.message());
        PortCheck http = check(h, "tcp", "80");
        assertEquals(FindingKind.REQUIRED_BLOCKED, http.finding());
        assertEquals("required port is closed; exception 'HTTP moved to the proxy' expired on 2026-01-31",
                http.message());
        assertFalse(h.compliant());
    }

    @Test
    void snmpAnsweringPublicIsForbiddenOpenEvenOnAnSnmpAgent() throws Exception {
        Evidence publicReply = new Evidence("udp:snmp-v2c-get+snmp-v3-discovery", "SNMPv2c sysDescr: Windows", true,
                Map.of("community", "public", "sysDescr", "Windows"));
        HostReport h = judge("snmp-agent", null, "none", Judgement.DEFAULT_FAIL_ON, Map.of("161/udp", publicReply));
        PortCheck snmp = check(h, "udp", "161");
        assertEquals(FindingKind.FORBIDDEN_OPEN, snmp.finding());
        assertEquals("open; SNMP answers the community 'public' (forbidden: built-in); a chosen role expects the "
                + "port, the policy forbids it", snmp.message());
        // On a host without the role, 161/udp is swept anyway and judged the same way.
        HostReport web = judge("web-server", null, "none", Judgement.DEFAULT_FAIL_ON, Map.of("80/tcp", SYN_ACK,
                "443/tcp", SYN_ACK, "161/udp", publicReply));
        assertEquals(FindingKind.FORBIDDEN_OPEN, unexpected(web, 161).finding());
        // Another community answering proves nothing about 'public': the agent is ok for its role.
        Evidence other = new Evidence("udp:snmp-v2c-get", "SNMPv2c sysDescr: Windows", true,
                Map.of("community", "(the --snmp-community given)"));
        assertEquals(FindingKind.OK, check(judge("snmp-agent", null, "none", Judgement.DEFAULT_FAIL_ON,
                Map.of("161/udp", other)), "udp", "161").finding());
    }

    @Test
    void builtInDefaultYieldsToARoleThatExpectsThePortButAWrittenForbidDoesNot() throws Exception {
        // tftp 69/udp is forbidden by default, but the pxe-server role needs it.
        Map<String, Evidence> pxeOpen = new java.util.HashMap<>();
        for (ExpectedEndpoint e : new AuditPlan(CATALOG, List.of(CATALOG.role("pxe-server").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse("none", CATALOG)).expected()) {
            if (e.probeable()) {
                pxeOpen.put(e.number() + "/" + e.transport().id(), null);
            }
        }
        assertTrue(pxeOpen.containsKey("69/udp"), pxeOpen.toString());
        assertEquals(FindingKind.OK, check(judge("pxe-server", null, "none", Judgement.DEFAULT_FAIL_ON, pxeOpen),
                "udp", "69").finding());
        HostReport h = judge("pxe-server", "roles: {pxe-server: {forbid: [{ports: 69/udp, reason: iPXE over HTTP only}]}}",
                "none", Judgement.DEFAULT_FAIL_ON, pxeOpen);
        PortCheck tftp = check(h, "udp", "69");
        assertEquals(FindingKind.FORBIDDEN_OPEN, tftp.finding());
        assertTrue(tftp.message().startsWith("open; forbidden (role pxe-server): iPXE over HTTP only"), tftp.message());
    }
}
