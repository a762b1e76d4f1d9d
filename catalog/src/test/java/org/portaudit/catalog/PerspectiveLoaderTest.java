package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 'from' (perspectives) and 'firewall' / 'stopService' (remedies) in catalog files. */
class PerspectiveLoaderTest {
    private static final String SERVICES = """
            services:
              - id: kdc
                name: Kerberos Key Distribution Center
                serviceName: Kdc
                description: Issues Kerberos tickets.
                source: {doc: 000.txt, section: KDC}
                firewall: {group: "Kerberos Key Distribution Center", source: {kb: KB179442}}
                ports:
                  - {protocol: Kerberos, transport: tcp, port: 88}
              - id: rpc
                name: Remote Procedure Call
                serviceName: RpcSs
                description: RPC.
                source: {doc: 000.txt, section: RPC}
                firewall: {group: "Active Directory Domain Services", rule: "Active Directory Domain Controller (RPC-EPMAP)",
                           source: {url: "https://example.invalid/rules"}}
                stopService: none
                ports:
                  - {protocol: RPC, transport: tcp, port: 135}
                  - {protocol: NetBIOS name, transport: udp, port: 137}
              - id: lsass
                name: LSA
                serviceName: LSASS
                description: Directory.
                source: {doc: 000.txt, section: LSASS}
                stopService: NTDS
                ports:
                  - {protocol: LDAP, transport: tcp, port: 389}
              - id: smtp
                name: SMTP
                description: Mail.
                source: {doc: 000.txt, section: SMTP}
                ports:
                  - {protocol: SMTP, transport: tcp, port: 25}
            """;
    private static final String DC_HEAD = """
            roles:
              - id: dc
                name: Domain controller
                description: AD.
                source: {kb: KB179442}
                services:
            """;
    private static final String ROLES = DC_HEAD + """
                  - {service: kdc, from: [client, domain-controller, trust]}
                  - {service: rpc}
                  - {service: lsass, from: admin}
                  - {service: smtp, from: [domain-controller]}
                requirements:
                  - {protocol: ADWS, transport: tcp, port: 9389, from: [admin]}
                overrides:
                  - {transport: udp, port: 137, from: [client, trust]}
            """;

    private static Catalog load(String... docs) {
        return CatalogLoaderTest.load(docs);
    }

    private static String error(String... docs) {
        return CatalogLoaderTest.error(docs);
    }

    private static Set<String> ports(List<Requirement> reqs) {
        return reqs.stream().map(q -> q.port() + "/" + q.transport().id()).collect(Collectors.toSet());
    }

    private static Requirement find(List<Requirement> reqs, String port) {
        return reqs.stream().filter(q -> (q.port() + "/" + q.transport().id()).equals(port)).findFirst()
                .orElseThrow(() -> new AssertionError(port + " not in " + ports(reqs)));
    }

    @Test
    void fromIsReadOnServiceUsesRequirementsAndOverrides() {
        Catalog c = load(SERVICES, ROLES);
        Role dc = c.role("dc").orElseThrow();
        List<Requirement> all = c.requirements(dc, WindowsVersion.W2025);
        assertEquals(EnumSet.of(Perspective.CLIENT, Perspective.DOMAIN_CONTROLLER, Perspective.TRUST),
                find(all, "88/tcp").perspectives());
        assertEquals(Perspective.all(), find(all, "135/tcp").perspectives(), "no 'from': all four");
        assertEquals(EnumSet.of(Perspective.CLIENT, Perspective.TRUST), find(all, "137/udp").perspectives(),
                "an override narrows the port");
        assertEquals(Set.of(Perspective.ADMIN), find(all, "389/tcp").perspectives(), "a single word works too");
        assertEquals(Set.of(Perspective.ADMIN), find(all, "9389/tcp").perspectives());
        assertEquals(Level.REQUIRED, find(all, "137/udp").level(), "an override without level keeps the level");

        assertEquals(Set.of("88/tcp", "135/tcp", "137/udp"),
                ports(c.requirements(dc, WindowsVersion.W2025, EnumSet.of(Perspective.CLIENT))));
        assertEquals(Set.of("88/tcp", "135/tcp", "25/tcp"),
                ports(c.requirements(dc, WindowsVersion.W2025, EnumSet.of(Perspective.DOMAIN_CONTROLLER))));
        assertEquals(Set.of("135/tcp", "389/tcp", "9389/tcp"),
                ports(c.requirements(dc, WindowsVersion.W2025, EnumSet.of(Perspective.ADMIN))));
        assertEquals(ports(all), ports(c.requirements(dc, WindowsVersion.W2025, Perspective.all())));
        assertThrows(IllegalArgumentException.class,
                () -> c.requirements(dc, WindowsVersion.W2025, EnumSet.noneOf(Perspective.class)));
    }

    @Test
    void overrideIntersectsWithTheServiceUse() {
        String roles = ROLES.replace("{service: rpc}", "{service: rpc, from: [client, admin]}");
        Requirement nb = find(load(SERVICES, roles).requirements(load(SERVICES, roles).role("dc").orElseThrow(),
                WindowsVersion.W2025), "137/udp");
        assertEquals(Set.of(Perspective.CLIENT), nb.perspectives());
    }

    @Test
    void firewallRemedyAndStopServiceReachTheRequirement() {
        Catalog c = load(SERVICES, ROLES);
        FirewallRemedy kdc = c.service("kdc").orElseThrow().firewall();
        assertEquals("Kerberos Key Distribution Center", kdc.group());
        assertNull(kdc.rule());
        assertEquals("KB179442", kdc.source().kb());
        List<Requirement> all = c.requirements(c.role("dc").orElseThrow(), WindowsVersion.W2025);
        assertEquals("Active Directory Domain Controller (RPC-EPMAP)", find(all, "135/tcp").remedy().rule());
        assertEquals("Kdc", find(all, "88/tcp").stopService(), "defaults to serviceName");
        assertNull(find(all, "135/tcp").stopService(), "'none': must not be stopped");
        assertEquals("NTDS", find(all, "389/tcp").stopService());
        assertNull(find(all, "25/tcp").remedy(), "no predefined group: absent");
        assertNull(find(all, "25/tcp").stopService(), "no serviceName: nothing to stop");
        assertNull(find(all, "9389/tcp").remedy(), "a role's own port has no service remedy");
    }

    @Test
    void unknownPerspectiveNamesLineAndSuggests() {
        String bad = ROLES.replace("from: [client, domain-controller, trust]", "from: [client, domain-controler]");
        assertEquals("f1.yaml:7: unknown perspective 'domain-controler'; did you mean 'domain-controller'? "
                + "(expected client, domain-controller, trust, admin)", error(SERVICES, bad));
        String block = DC_HEAD + """
                      - service: kdc
                        from:
                          - client
                          - trusts
                """;
        assertEquals("f1.yaml:10: unknown perspective 'trusts'; did you mean 'trust'? "
                + "(expected client, domain-controller, trust, admin)", error(SERVICES, block));
    }

    @Test
    void badFromValuesAreErrors() {
        assertTrue(error(SERVICES, ROLES.replace("from: [admin]}", "from: []}"))
                .startsWith("f1.yaml:12: 'from' needs at least one of client, domain-controller, trust, admin"));
        assertEquals("f1.yaml:7: perspective 'client' is listed twice",
                error(SERVICES, ROLES.replace("from: [client, domain-controller, trust]", "from: [client, client]")));
        assertEquals("f1.yaml:7: 'from' must be a value or a list of values",
                error(SERVICES, ROLES.replace("from: [client, domain-controller, trust]", "from: [{a: b}]")));
        assertEquals("f1.yaml:14: an override needs a level, a 'from' or both", error(SERVICES,
                ROLES.replace("{transport: udp, port: 137, from: [client, trust]}", "{transport: udp, port: 137}")));
        String control = ROLES.replace("from: [client, domain-controller, trust]", "from: [\"cli\\u0007ent\"]");
        String msg = error(SERVICES, control);
        assertTrue(msg.startsWith("f1.yaml:7: unknown perspective 'cli.ent'"), msg);
    }

    @Test
    void overrideThatLeavesNoPerspectiveIsAnError() {
        String roles = ROLES.replace("{service: rpc}", "{service: rpc, from: [admin]}");
        assertEquals("f1.yaml:2: role 'dc': the overrides of udp 137 leave service 'rpc' (from admin) serving "
                + "no perspective", error(SERVICES, roles));
    }

    @Test
    void badFirewallEntriesAreErrorsWithLines() {
        assertEquals("f0.yaml:7: the firewall remedy of service 'kdc' needs its own source",
                error(SERVICES.replace(", source: {kb: KB179442}}", "}"), ROLES));
        assertEquals("f0.yaml:7: missing key 'group'",
                error(SERVICES.replace("{group: \"Kerberos Key Distribution Center\",", "{rule: x,"), ROLES));
        assertTrue(error(SERVICES.replace("group: \"Kerberos", "grupo: \"Kerberos"), ROLES)
                .startsWith("f0.yaml:7: unknown key 'grupo' in the firewall remedy of service 'kdc' (allowed: group, "
                        + "rule, source)"));
        assertTrue(error(SERVICES.replace("Kerberos Key Distribution Center\"", "Kerberos\\\"; rm -rf /\""), ROLES)
                .startsWith("f0.yaml:7: firewall group 'Kerberos\"; rm -rf /' of service 'kdc' must be a display name"));
        assertEquals("f0.yaml:7: 'firewall' must be a mapping (key: value)", error(SERVICES.replace(
                "firewall: {group: \"Kerberos Key Distribution Center\", source: {kb: KB179442}}", "firewall: yes"), ROLES));
        assertTrue(error(SERVICES.replace("stopService: NTDS", "stopService: \"NTDS; shutdown\""), ROLES)
                .startsWith("f0.yaml:26: stopService 'NTDS; shutdown' of service 'lsass' must be a Windows service name"));
    }
}
