package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** remedies.yaml: predefined firewall rules per service port and the port-owner table, each cited. */
class RemediesCatalogTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    /**
     * The predefined inbound rules Windows ships for ports the roles require, by port, as the DSInternals
     * domain controller firewall page lists them (name, group, protocol, port). Written here independently of
     * remedies.yaml, so that a wrong or missing entry there fails.
     */
    private static final Map<String, Set<String>> SHIPPED = Map.ofEntries(
            Map.entry("135/tcp", Set.of("Active Directory Domain Controller (RPC-EPMAP)")),
            Map.entry("389/tcp", Set.of("Active Directory Domain Controller - LDAP (TCP-In)")),
            Map.entry("389/udp", Set.of("Active Directory Domain Controller - LDAP (UDP-In)")),
            Map.entry("636/tcp", Set.of("Active Directory Domain Controller - Secure LDAP (TCP-In)")),
            Map.entry("3268/tcp", Set.of("Active Directory Domain Controller - LDAP for Global Catalog (TCP-In)")),
            Map.entry("3269/tcp", Set.of("Active Directory Domain Controller - Secure LDAP for Global Catalog (TCP-In)")),
            Map.entry("88/tcp", Set.of("Kerberos Key Distribution Center (TCP-In)")),
            Map.entry("88/udp", Set.of("Kerberos Key Distribution Center (UDP-In)")),
            Map.entry("464/tcp", Set.of("Kerberos Key Distribution Center - PCR (TCP-In)")),
            Map.entry("464/udp", Set.of("Kerberos Key Distribution Center - PCR (UDP-In)")),
            Map.entry("53/tcp", Set.of("DNS (TCP, Incoming)")),
            Map.entry("53/udp", Set.of("DNS (UDP, Incoming)")),
            Map.entry("445/tcp", Set.of("Active Directory Domain Controller - SAM/LSA (NP-TCP-In)",
                    "File and Printer Sharing (SMB-In)")),
            Map.entry("9389/tcp", Set.of("Active Directory Web Services (TCP-In)")),
            Map.entry("3389/tcp", Set.of("Remote Desktop - User Mode (TCP-In)")),
            Map.entry("5985/tcp", Set.of("Windows Remote Management (HTTP-In)")));

    /**
     * The AD DS group's endpoint-mapper rule comes with the domain controller role; other roles' RPC-EPMAP rules
     * belong to their own groups, which the catalog does not record (their remedy is a rule to create).
     */
    private static final Set<String> DC_ONLY = Set.of("135/tcp");

    @Test
    void everyRuleAndOwnerIsCited() {
        assertFalse(CATALOG.firewallRules().isEmpty());
        assertFalse(CATALOG.portOwners().isEmpty());
        for (FirewallRule r : CATALOG.firewallRules()) {
            assertNotNull(r.source(), r.rule());
            assertTrue(r.source().kb() != null || r.source().url() != null && r.source().url().startsWith("https://"),
                    r.rule() + ": a KB or an https page, not the seed documents, which know no firewall rules");
            assertTrue(r.source().title() != null, r.rule());
            assertTrue(r.serviceId() == null || CATALOG.service(r.serviceId()).isPresent(), r.serviceId());
        }
        for (PortOwner o : CATALOG.portOwners()) {
            assertNotNull(o.source(), o.port() + "/" + o.transport().id());
            assertTrue(o.service().matches("[A-Za-z0-9_.-]{1,80}"), o.service());
        }
    }

    @Test
    void everyRequiredPortThatWindowsShipsARuleForMapsToOne() {
        int checked = 0;
        for (Role role : CATALOG.roles().values()) {
            List<Requirement> all = CATALOG.requirements(role, WindowsVersion.W2025);
            for (Requirement q : all) {
                if (q.level() != Level.REQUIRED || q.port().dynamicRpc() || q.port().range().size() != 1) {
                    continue;
                }
                int port = q.port().range().low();
                Set<String> names = SHIPPED.get(port + "/" + q.transport().id());
                if (names == null || DC_ONLY.contains(port + "/" + q.transport().id())
                        && !role.id().equals("domain-controller")) {
                    continue;
                }
                // some requirement of the role on this port names a service whose rule opens it
                List<String> found = new ArrayList<>();
                for (Requirement other : all) {
                    if (other.serviceId() != null && other.transport() == q.transport() && !other.port().dynamicRpc()
                            && other.port().range().contains(port)) {
                        CATALOG.firewallRule(other.serviceId(), q.transport(), port, false)
                                .ifPresent(r -> found.add(r.rule()));
                    }
                }
                CATALOG.portRule(q.transport(), port, false).ifPresent(r -> found.add(r.rule()));
                assertFalse(found.isEmpty(), role.id() + " " + port + "/" + q.transport().id() + " has no rule");
                assertTrue(names.contains(found.get(0)), role.id() + " " + port + ": " + found);
                checked++;
            }
        }
        assertTrue(checked >= 12, "the domain controller alone has a dozen: " + checked);
    }

    @Test
    void theDomainControllersRulesAreTheShippedOnes() {
        assertEquals("Active Directory Domain Controller - Secure LDAP (TCP-In)",
                rule("lsass", Transport.TCP, 636).rule());
        assertEquals("Active Directory Domain Services", rule("lsass", Transport.TCP, 636).group());
        assertEquals("Kerberos Key Distribution Center", rule("kdc", Transport.TCP, 464).group());
        assertEquals("Active Directory Domain Controller (RPC)",
                CATALOG.firewallRule("lsass", Transport.TCP, 0, true).orElseThrow().rule());
        assertEquals("DFS Replication (RPC-In)", CATALOG.firewallRule("dfsr", Transport.TCP, 0, true).orElseThrow().rule());
        assertTrue(CATALOG.firewallRule("lsass", Transport.UDP, 636, false).isEmpty(), "no rule opens 636/udp");
        assertTrue(CATALOG.firewallRule("sql-server", Transport.TCP, 1433, false).isEmpty());
        // a rule whose name could not be verified says so
        assertTrue(rule("server", Transport.TCP, 445).note().contains("not verified"));
    }

    @Test
    void portOwnersOfTheIssuesExamples() {
        assertEquals("TlntSvr", CATALOG.portOwner(Transport.TCP, 23).orElseThrow().service());
        assertEquals("TermService", CATALOG.portOwner(Transport.TCP, 3389).orElseThrow().service());
        assertEquals("WinRM", CATALOG.portOwner(Transport.TCP, 5985).orElseThrow().service());
        assertEquals("SNMP", CATALOG.portOwner(Transport.UDP, 161).orElseThrow().service());
        assertTrue(CATALOG.portOwner(Transport.TCP, 161).isEmpty(), "161 is an owner over udp only");
        assertTrue(CATALOG.portOwner(Transport.TCP, 31337).isEmpty());
    }

    private static FirewallRule rule(String service, Transport t, int port) {
        Optional<FirewallRule> r = CATALOG.firewallRule(service, t, port, false);
        return r.orElseThrow(() -> new AssertionError("no rule for " + service + " " + port + "/" + t.id()));
    }

    private static final String SERVICES = """
            services:
              - id: kdc
                name: Kerberos Key Distribution Center
                serviceName: Kdc
                description: Issues Kerberos tickets.
                source: {doc: 000.txt, section: KDC}
                ports:
                  - {protocol: Kerberos, transport: tcp, port: 88}
            """;

    private static String rules(String entry) {
        return "firewallRules:\n  - " + entry + "\n";
    }

    @Test
    void badRemedyEntriesAreErrorsWithFileAndLine() {
        String ok = "{service: kdc, transport: tcp, port: 88, group: \"Kerberos Key Distribution Center\", "
                + "rule: \"Kerberos Key Distribution Center (TCP-In)\", source: {url: \"https://example.test/x\"}}";
        assertEquals("Kerberos Key Distribution Center (TCP-In)", CatalogLoaderTest.load(SERVICES, rules(ok))
                .firewallRule("kdc", Transport.TCP, 88, false).orElseThrow().rule());
        assertEquals("f1.yaml:2: firewall rule 'Kerberos Key Distribution Center (TCP-In)' names unknown service "
                + "'kcd'; did you mean 'kdc'?", CatalogLoaderTest.error(SERVICES, rules(ok.replace("service: kdc",
                "service: kcd"))));
        assertEquals("f1.yaml:2: firewall rule 'Kerberos Key Distribution Center (TCP-In)' opens 89/tcp, which "
                + "service 'kdc' has no endpoint on", CatalogLoaderTest.error(SERVICES, rules(ok.replace("port: 88",
                "port: 89"))));
        assertTrue(CatalogLoaderTest.error(SERVICES, rules(ok.replace("(TCP-In)\"", "(TCP-In)'; Remove-Item x\"")))
                .startsWith("f1.yaml:2: rule 'Kerberos Key Distribution Center (TCP-In)'; Remove-Item x' of the "
                        + "firewall rule of service 'kdc' on 88/tcp must be a name of at most 100 printable characters"),
                "a quote would end the PowerShell string");
        assertTrue(CatalogLoaderTest.error(SERVICES, rules(ok.replace(", source: {url: \"https://example.test/x\"}", "")))
                .endsWith("needs a source"));
        assertTrue(CatalogLoaderTest.error(SERVICES, rules(ok.replace("port: 88", "port: \"80-90\"")))
                .contains("names one port or dynamic-rpc"));
        assertTrue(CatalogLoaderTest.error(SERVICES, rules(ok.replace("group:", "grupo:")))
                .startsWith("f1.yaml:2: unknown key 'grupo' in a firewall rule"));
        String owner = "portOwners:\n  - {transport: tcp, port: 23, service: TlntSvr, name: Telnet, source: {kb: KB832017}}\n";
        assertEquals("TlntSvr", CatalogLoaderTest.load(SERVICES, owner).portOwner(Transport.TCP, 23).orElseThrow()
                .service());
        assertTrue(CatalogLoaderTest.error(SERVICES, owner.replace("service: TlntSvr", "service: \"Tlnt; Stop-Computer\""))
                .startsWith("f1.yaml:2: service 'Tlnt; Stop-Computer' of the owner of 23/tcp must be a Windows service name"));
        assertTrue(CatalogLoaderTest.error(SERVICES, owner.replace("transport: tcp", "transport: ip"))
                .contains("a port owner is for a tcp or udp port"));
        assertTrue(CatalogLoaderTest.error(SERVICES, owner.replace(", source: {kb: KB832017}", ""))
                .endsWith("needs a source"));
    }
}
