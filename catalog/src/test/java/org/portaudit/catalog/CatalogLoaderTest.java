package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {
    private static final String SERVICES = """
            services:
              - id: kdc
                name: Kerberos Key Distribution Center
                serviceName: KDC
                description: Issues Kerberos tickets.
                source: {doc: 000.txt, section: KDC}
                ports:
                  - {protocol: Kerberos, transport: tcp, port: 88}
                  - {protocol: Kerberos, transport: udp, port: 88}
                  - {protocol: kpasswd, transport: tcp, port: 464, since: "2008", source: {kb: KB832017}}
              - id: rpc
                name: Remote Procedure Call
                description: RPC.
                source: {doc: 000.txt, section: RPC}
                ports:
                  - {protocol: RPC, transport: tcp, port: 135}
                  - {protocol: RPC dynamic, transport: tcp, port: dynamic-rpc}
                  - {protocol: NetBIOS name, transport: udp, port: 137}
                  - {protocol: GRE, transport: ip, port: 47}
                  - {protocol: FRS, transport: tcp, port: "5722", since: "2008", until: "2008r2"}
            """;
    private static final String ROLES = """
            roles:
              - id: dc
                name: Domain controller
                description: AD.
                source: {kb: KB179442}
                services:
                  - {service: kdc}
                  - {service: rpc, level: optional, reason: because}
                requirements:
                  - {protocol: ADWS, transport: tcp, port: 9389, since: "2008r2", reason: admin}
                overrides:
                  - {transport: udp, port: 137, level: conditional, reason: only with NetBIOS}
            """;

    static Catalog load(String... docs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < docs.length; i++) {
            m.put("f" + i + ".yaml", docs[i]);
        }
        return CatalogLoader.ofDocuments(m);
    }

    static String error(String... docs) {
        return assertThrows(CatalogException.class, () -> load(docs)).getMessage();
    }

    @Test
    void resolvesRoleRequirementsPerWindowsVersion() {
        Catalog c = load(SERVICES, ROLES);
        Role dc = c.role("dc").orElseThrow();
        List<Requirement> now = c.requirements(dc, WindowsVersion.W2025);
        List<Requirement> old = c.requirements(dc, WindowsVersion.W2003);
        // 2025: kdc 88/tcp 88/udp 464, rpc 135 dyn 137 47, adws 9389 (5722 ended with 2008r2)
        assertEquals(8, now.size());
        // 2003: no 464, no 9389, no 5722
        assertEquals(6, old.size());
        assertEquals(9, c.requirements(dc, WindowsVersion.W2008R2).size());
        Requirement netbios = now.stream().filter(r -> r.transport() == Transport.UDP && !r.port().dynamicRpc()
                && r.port().range().low() == 137).findFirst().orElseThrow();
        assertEquals(Level.CONDITIONAL, netbios.level());
        assertEquals("only with NetBIOS", netbios.reason());
        Requirement kpasswd = now.stream().filter(r -> r.protocol().equals("kpasswd")).findFirst().orElseThrow();
        assertEquals("KB832017", kpasswd.source().kb());
        Requirement kdc = now.get(0);
        assertEquals("000.txt", kdc.source().doc());
        assertEquals(Level.REQUIRED, kdc.level());
    }

    @Test
    void dynamicRpcRangeDependsOnVersion() {
        Catalog c = load(SERVICES, ROLES);
        assertTrue(c.servicesUsing(50000, Transport.TCP, WindowsVersion.W2025).stream()
                .anyMatch(u -> u.endpoint().port().dynamicRpc()));
        assertTrue(c.servicesUsing(50000, Transport.TCP, WindowsVersion.W2003).isEmpty());
        assertTrue(c.servicesUsing(1030, Transport.TCP, WindowsVersion.W2003).stream()
                .anyMatch(u -> u.endpoint().port().dynamicRpc()));
        assertEquals(3, c.rolesUsing(88, null, WindowsVersion.W2025).size() + 1);
    }

    @Test
    void unknownKeyNamesFileAndLine() {
        String msg = error("""
                services:
                  - id: kdc
                    name: KDC
                    description: x
                    source: {doc: a}
                    colour: blue
                    ports:
                      - {protocol: Kerberos, transport: tcp, port: 88}
                """);
        assertTrue(msg.startsWith("f0.yaml:6: unknown key 'colour'"), msg);
    }

    @Test
    void unknownServiceInRoleIsAnErrorWithSuggestion() {
        String msg = error(SERVICES, ROLES.replace("{service: kdc}", "{service: kdcc}"));
        assertTrue(msg.startsWith("f1.yaml:7: role 'dc' uses unknown service 'kdcc'; did you mean 'kdc'?"), msg);
    }

    @Test
    void badPortsAreErrorsWithLines() {
        assertTrue(error(SERVICES.replace("port: 135", "port: 70000")).startsWith("f0.yaml:16: port '70000' is out of range"));
        assertTrue(error(SERVICES.replace("port: 135", "port: http")).contains("must be a number, a range"));
        assertTrue(error(SERVICES.replace("port: 47}", "port: 300}")).contains("out of range 0-255"));
        assertTrue(error(SERVICES.replace("transport: ip", "transport: sctp")).startsWith("f0.yaml:19: unknown transport 'sctp'"));
        assertTrue(error(SERVICES.replace("until: \"2008r2\"", "until: \"2007\"")).contains("unknown Windows version '2007'"));
    }

    @Test
    void optionalWithoutReasonIsAnError() {
        String msg = error(SERVICES, ROLES.replace(", reason: because", ""));
        assertTrue(msg.startsWith("f1.yaml:8: level optional needs a reason"), msg);
    }

    @Test
    void malformedYamlAndDuplicatesAreErrors() {
        assertTrue(error("services: [ {id: x").startsWith("f0.yaml:1: not valid YAML"));
        String dup = error(SERVICES + SERVICES.replace("services:\n", ""));
        assertTrue(dup.contains("service 'kdc' is defined twice in this file (first at line 2)"), dup);
        assertTrue(error("roles: 3").contains("'roles' must be a list"));
    }

    @Test
    void laterDocumentsReplaceEarlierEntries() {
        Catalog c = load(SERVICES, ROLES, """
                roles:
                  - id: dc
                    name: Tiny DC
                    description: only Kerberos.
                    source: {url: "https://example.invalid/policy"}
                    services: [{service: kdc}]
                """);
        assertEquals("Tiny DC", c.role("dc").orElseThrow().name());
        assertEquals(3, c.requirements(c.role("dc").orElseThrow(), WindowsVersion.W2025).size());
    }

    @Test
    void suggestFindsTypos() {
        assertEquals("domain-controller", Suggest.closest("domain-controler", List.of("dns-server", "domain-controller")));
        assertEquals(null, Suggest.closest("zzzz", List.of("dns-server", "domain-controller")));
    }

    @Test
    void portListParsing() {
        PortList p = PortList.parse("88, 53/udp,1-1024,all", Transport.TCP);
        assertEquals(4, p.items().size());
        assertEquals(Transport.UDP, p.items().get(1).transport());
        assertEquals(1 + 1 + 1024 + 65535, p.size());
        assertThrows(IllegalArgumentException.class, () -> PortList.parse("88/sctp", Transport.TCP));
        assertThrows(IllegalArgumentException.class, () -> PortList.parse("0", Transport.TCP));
        assertThrows(IllegalArgumentException.class, () -> PortList.parse("10-5", Transport.TCP));
        assertThrows(IllegalArgumentException.class, () -> PortList.parse("ssh", Transport.TCP));
        assertThrows(IllegalArgumentException.class, () -> PortList.parse("80,,81", Transport.TCP));
    }
}
