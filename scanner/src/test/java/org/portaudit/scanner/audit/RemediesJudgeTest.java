package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.PortRange;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.Remedy;
import org.portaudit.reports.model.UnexpectedPort;

/** Each required-blocked, unexpected-open and forbidden-open verdict carries its remedy, from the catalog. */
class RemediesJudgeTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    /** {@code role} on 198.18.0.10 with the ports in {@code open} open and every other port closed. */
    private static HostReport judge(String role, String policy, String scope, Set<String> open) throws Exception {
        Policy p = policy == null ? Policy.builtIn() : Policy.parse("p.yaml", new StringReader(policy), CATALOG);
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role(role).orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse(scope, CATALOG), p);
        Target dc01 = Target.resolved("dc01", "dc01", InetAddress.getByName("198.18.0.10"));
        HostResults seen = MadeUp.results(plan, dc01, (t, port) -> open.contains(port + "/" + t.id())
                ? MadeUp.Outcome.open(null) : MadeUp.Outcome.closed());
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30, p, TODAY);
        return new Judge(CATALOG, plan, Protocols.NONE, j).judge(seen, p.forHost(dc01, plan.roleIds()), null);
    }

    private static PortCheck check(HostReport h, String transport, String port) {
        return h.expected().stream().filter(c -> c.transport().id().equals(transport) && c.portText().equals(port))
                .findFirst().orElseThrow(() -> new AssertionError("no " + port + "/" + transport));
    }

    private static UnexpectedPort unexpected(HostReport h, int port) {
        return h.unexpected().stream().filter(u -> u.port() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no unexpected " + port + " in " + h.unexpected()));
    }

    @Test
    void aBlockedDomainControllerPortNamesItsPredefinedRule() throws Exception {
        HostReport h = judge("domain-controller", null, "none", Set.of());
        PortCheck ldaps = check(h, "tcp", "636");
        assertEquals(FindingKind.REQUIRED_BLOCKED, ldaps.finding());
        Remedy r = ldaps.remedy();
        assertNotNull(r);
        assertEquals(Remedy.Action.OPEN, r.action());
        assertEquals("Active Directory Domain Services", r.firewallGroup());
        assertEquals("Active Directory Domain Controller - Secure LDAP (TCP-In)", r.firewallRule());
        assertEquals(List.of("Enable-NetFirewallRule -DisplayName 'Active Directory Domain Controller - Secure LDAP "
                + "(TCP-In)'"), r.commands());
        assertEquals("allow tcp from the clients that use the service to 198.18.0.10 port 636", r.networkRule());
        assertEquals("https://firewall.dsinternals.com/ADDS", r.sources().get(0).url());
        assertEquals("Kerberos Key Distribution Center - PCR (TCP-In)", check(h, "tcp", "464").remedy().firewallRule());
        // the KDC serves clients, DCs and trusts (KB 179442), so the network rule says whom to let in
        assertEquals("allow udp from domain members (clients), the other domain controllers, the domain controllers "
                + "of trusted domains to 198.18.0.10 port 88", check(h, "udp", "88").remedy().networkRule());
    }

    @Test
    void everyBlockedRequiredPortHasARemedyAndAPortWithoutARuleGetsOneToCreate() throws Exception {
        HostReport h = judge("domain-controller", null, "none", Set.of());
        int blocked = 0;
        for (PortCheck c : h.expected()) {
            if (c.finding() != FindingKind.REQUIRED_BLOCKED) {
                assertNull(c.remedy(), c.portLabel() + " " + c.finding() + " needs no remedy");
                continue;
            }
            blocked++;
            Remedy r = c.remedy();
            assertNotNull(r, c.portLabel());
            if (r.firewallRule() == null && !c.dynamicRpc()) {
                String create = r.commands().get(r.commands().size() - 1);
                assertEquals("New-NetFirewallRule -DisplayName 'portaudit: allow " + c.port() + "/" + c.transport().id()
                        + "' -Direction Inbound -Protocol " + c.transport().id().toUpperCase() + " -LocalPort "
                        + c.port() + " -Action Allow", create, c.portLabel());
            }
        }
        assertTrue(blocked >= 10, "a closed DC blocks a dozen required ports: " + blocked);
    }

    @Test
    void aRequirementWithoutARuleOfItsServiceFallsBackToTheGroupAndARuleToCreate() {
        // the file server's dynamic RPC: DFS has no rule of its own, DFS Replication has one
        ExpectedEndpoint fileRpc = dynamicRpc("file-server");
        assertEquals("DFS Replication (RPC-In)", new Remedies(CATALOG).open(fileRpc, new PortRange(49152, 65535), true,
                "198.18.0.30").firewallRule());
        // a role whose dynamic RPC no service of the catalog has a rule for: a rule to create on Windows' RPC keyword
        ExpectedEndpoint none = null;
        for (org.portaudit.catalog.Role role : CATALOG.roles().values()) {
            ExpectedEndpoint e = dynamicRpc(role.id());
            if (e != null && e.requirements().stream().allMatch(q -> q.serviceId() == null
                    || CATALOG.firewallRule(q.serviceId(), e.transport(), 0, true).isEmpty())) {
                none = e;
                break;
            }
        }
        assertNotNull(none, "some role's dynamic RPC has no predefined rule in the catalog");
        Remedy r = new Remedies(CATALOG).open(none, new PortRange(49152, 65535), true, "198.18.0.30");
        assertNull(r.firewallRule());
        assertEquals("New-NetFirewallRule -DisplayName 'portaudit: allow dynamic RPC/tcp' -Direction Inbound "
                + "-Protocol TCP -LocalPort RPC -Action Allow", r.commands().get(r.commands().size() - 1));
        assertTrue(r.networkRule().endsWith("to 198.18.0.30 port 49152-65535 (the dynamic RPC range)"), r.networkRule());
        // one advertised port of a DC: the AD DS RPC rule, and the network rule names that port
        AuditPlan dc = new AuditPlan(CATALOG, List.of(CATALOG.role("domain-controller").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse("none", CATALOG));
        ExpectedEndpoint dcRpc = dc.expected().stream().filter(e -> e.port().dynamicRpc()).findFirst().orElseThrow();
        Remedy one = new Remedies(CATALOG).open(dcRpc, PortRange.single(49153), true, "198.18.0.10");
        assertEquals("Active Directory Domain Controller (RPC)", one.firewallRule());
        assertTrue(one.networkRule().endsWith("to 198.18.0.10 port 49153"), one.networkRule());
    }

    private static ExpectedEndpoint dynamicRpc(String role) {
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role(role).orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse("none", CATALOG));
        return plan.expected().stream().filter(e -> e.port().dynamicRpc()).findFirst().orElse(null);
    }

    @Test
    void forbiddenTelnetIsStoppedAndDisabledAndBlocked() throws Exception {
        HostReport h = judge("web-server", null, "none", Set.of("80/tcp", "443/tcp", "23/tcp"));
        UnexpectedPort telnet = unexpected(h, 23);
        assertEquals(FindingKind.FORBIDDEN_OPEN, telnet.finding());
        Remedy r = telnet.remedy();
        assertEquals(Remedy.Action.CLOSE, r.action());
        assertEquals("TlntSvr", r.windowsService());
        assertEquals("Telnet", r.serviceName());
        assertEquals(List.of("Stop-Service -Name 'TlntSvr'", "Set-Service -Name 'TlntSvr' -StartupType Disabled",
                "New-NetFirewallRule -DisplayName 'portaudit: block 23/tcp' -Direction Inbound -Protocol TCP "
                        + "-LocalPort 23 -Action Block"), r.commands());
        assertEquals("deny tcp from any source to 198.18.0.10 port 23", r.networkRule());
        assertTrue(r.note().contains("confirm it with Get-NetTCPConnection -LocalPort 23 -State Listen"), r.note());
        assertEquals("Telnet", r.sources().get(0).section());
    }

    @Test
    void anUnexpectedPortWithoutAKnownOwnerSaysHowToFindIt() throws Exception {
        HostReport h = judge("web-server", null, "well-known", Set.of("80/tcp", "443/tcp", "8080/tcp"));
        UnexpectedPort u = unexpected(h, 8080);
        assertEquals(FindingKind.UNEXPECTED_OPEN, u.finding());
        Remedy r = u.remedy();
        assertNull(r.windowsService());
        assertEquals("Get-NetTCPConnection -LocalPort 8080 -State Listen | Select-Object OwningProcess",
                r.commands().get(0));
        assertTrue(r.commands().get(1).startsWith("Get-Process -Id "), r.commands().toString());
        assertTrue(r.commands().get(r.commands().size() - 1).endsWith("-LocalPort 8080 -Action Block"));
        // an allowed port needs nothing
        HostReport allowed = judge("web-server", "all: {allow: [{ports: 8080, reason: monitoring agent}]}",
                "well-known", Set.of("80/tcp", "443/tcp", "8080/tcp"));
        assertNull(unexpected(allowed, 8080).remedy());
    }

    @Test
    void aForbiddenPortARoleExpectsIsStoppedByItsServicesName() throws Exception {
        HostReport h = judge("domain-controller", "all: {forbid: [{ports: 9389, reason: no ADWS here}]}", "none",
                Set.of("9389/tcp"));
        PortCheck adws = check(h, "tcp", "9389");
        assertEquals(FindingKind.FORBIDDEN_OPEN, adws.finding());
        assertEquals(Remedy.Action.CLOSE, adws.remedy().action());
        assertEquals("ADWS", adws.remedy().windowsService());
        // an exception turns the finding into ok, and the remedy goes with it
        HostReport excused = judge("domain-controller", "exceptions: [{ports: 636, justification: migration,"
                + " expires: 2027-01-01}]", "none", Set.of());
        assertEquals(FindingKind.OK, check(excused, "tcp", "636").finding());
        assertNull(check(excused, "tcp", "636").remedy());
    }

    @Test
    void powerShellQuotingDoublesAQuote() {
        assertEquals("'it''s'", Remedies.quoted("it's"));
    }
}
