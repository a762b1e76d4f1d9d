package org.portaudit.scanner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Perspective;
import org.junit.jupiter.api.io.TempDir;

class InventoryParserTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("inv.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String bad(String yaml) throws Exception {
        Path f = write(yaml);
        return assertThrows(InventoryException.class, () -> InventoryParser.parse(f)).getMessage()
                .replace(f.toString(), "inv.yaml");
    }

    @Test
    void readsEveryKindOfGroup() throws Exception {
        Inventory inv = InventoryParser.parse(write("""
                name: nightly
                groups:
                  - name: dcs
                    domain: lab.portaudit.test
                    dnsServer: 198.18.0.10
                    roles: [domain-controller, dns-server]
                    policy: policies/dc.yaml
                  - name: web
                    hosts: [pa-web01, 198.18.0.20]
                    targets:
                      - 198.18.1.0/30
                      - 198.18.2.1-3
                    hostsFiles: [more.txt]
                    roles: web-server
                """));
        assertEquals("nightly", inv.name());
        assertEquals(2, inv.groups().size());
        Group dcs = inv.groups().get(0);
        assertEquals("lab.portaudit.test", dcs.domain());
        assertEquals("198.18.0.10", dcs.dnsServer());
        assertEquals(List.of("domain-controller", "dns-server"), dcs.roles());
        assertEquals(dir.resolve("policies/dc.yaml"), dcs.policy());
        assertEquals(7, dcs.policyLine());
        assertEquals(3, dcs.line());
        Group web = inv.groups().get(1);
        assertEquals(List.of("pa-web01", "198.18.0.20"), web.hosts());
        assertEquals(List.of("198.18.1.0/30", "198.18.2.1-3"), web.targets());
        assertEquals(List.of(dir.resolve("more.txt")), web.hostsFiles());
        assertEquals(List.of("web-server"), web.roles());
        assertNull(web.domain());
        assertNull(web.policy());
    }

    @Test
    void theNameDefaultsToTheFileName() throws Exception {
        assertEquals("inv", InventoryParser.parse(write("groups: [{hosts: [a], roles: [web-server]}]\n")).name());
    }

    @Test
    void badFilesNameFileAndLine() throws Exception {
        assertEquals("inv.yaml:4: unknown key 'role' in a group; did you mean 'roles'? (keys: name, hosts, targets, "
                + "hostsFiles, domain, dnsServer, roles, policy, from)", bad("""
                groups:
                  - name: web
                    hosts: [a]
                    role: [web-server]
                """));
        assertEquals("inv.yaml:3: bad target 'bad host!': not a host name, address, CIDR or range", bad("""
                groups:
                  - hosts:
                      - bad host!
                    roles: [web-server]
                """));
        assertEquals("inv.yaml:2: '198.18.1.0/24' is a block of addresses: list it under targets",
                bad("groups:\n  - hosts: [198.18.1.0/24]\n    roles: [web-server]\n"));
        assertEquals("inv.yaml:2: group 'web' has no roles", bad("groups:\n  - name: web\n    hosts: [a]\n"));
        assertEquals("inv.yaml:2: group 'group 1' has no hosts: give hosts, targets, hostsFiles or domain",
                bad("groups:\n  - roles: [web-server]\n"));
        assertEquals("inv.yaml:4: two groups are named 'x'",
                bad("groups:\n  - {name: x, hosts: [a], roles: [web-server]}\n\n  - {name: x, hosts: [b], roles: [web-server]}\n"));
        assertEquals("inv.yaml:3: 'dnsServer' is only used with 'domain'",
                bad("groups:\n  - hosts: [a]\n    dnsServer: 198.18.0.10\n    roles: [web-server]\n"));
        assertEquals("inv.yaml:1: the inventory has no 'groups'", bad("name: x\n"));
        assertEquals("inv.yaml:1: empty inventory: it needs 'groups'", bad(""));
        String yaml = bad("groups:\n  - hosts: [a]\n\troles: [web-server]\n");
        assertEquals(true, yaml.startsWith("inv.yaml:3: not valid YAML"), yaml);
        String dup = bad("groups:\n  - hosts: [a]\n    hosts: [b]\n    roles: [web-server]\n");
        assertEquals("inv.yaml:3: duplicate key 'hosts' in a group (first at line 2)", dup);
    }

    @Test
    void quotedValuesAreMadePrintableAndShortAndForeignLinesNeverShown() throws Exception {
        String esc = bad("groups:\n  - hosts: [\"a\\e]0;owned\\a" + "b".repeat(5000) + "\"]\n    roles: [web-server]\n");
        assertEquals(true, esc.startsWith("inv.yaml:2: bad target 'a\\x1B]0;owned\\x07bbb"), esc);
        assertEquals(true, esc.length() < 200 && esc.chars().noneMatch(c -> c < 0x20), esc);
        assertEquals("inv.yaml:1: unknown key in the inventory (keys: name, groups)",
                bad("root:$6$salt$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"));
    }

    @Test
    void aMissingFileIsOneLine() {
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryParser.parse(dir.resolve("no.yaml")));
        assertEquals(dir.resolve("no.yaml") + ": no such file", e.getMessage());
    }

    @Test
    void srvTargetsLoseTheirTrailingDot() {
        assertEquals("dc01.lab.portaudit.test", DcLocator.srvTarget("0 100 389 dc01.lab.portaudit.test."));
    }

    private static final String FLAG = "; not probed without --allow-special-targets";

    @Test
    void ambiguousHostsAndTargetsNameTheirLine() throws Exception {
        assertEquals("inv.yaml:4: ambiguous address '0177.0.0.1': a leading zero means octal to inet_aton (127.0.0.1) "
                + "but decimal to others (177.0.0.1); write it without leading zeros", bad("""
                groups:
                  - roles: [web-server]
                    hosts:
                      - 0177.0.0.1
                """));
        assertEquals("inv.yaml:3: ambiguous address '10.1' in '10.1-5': inet_aton fills a short form in (10.0.0.1) "
                + "but others refuse it; write all four parts: 10.0.0.1", bad("""
                groups:
                  - roles: [web-server]
                    targets: [198.18.0.0/30, 10.1-5]
                """));
    }

    @Test
    void specialTargetsNeedThePermission() throws Exception {
        String yaml = """
                groups:
                  - roles: [web-server]
                    hosts: [198.18.0.10]
                    targets: [223.255.255.0-224.0.0.10]
                """;
        assertEquals("inv.yaml:4: target '223.255.255.0-224.0.0.10' includes multicast addresses (224.0.0.0/4)" + FLAG,
                bad(yaml));
        Inventory allowed = InventoryParser.parse(write(yaml), true);
        assertTrue(allowed.allowSpecialTargets());
        assertFalse(InventoryParser.parse(write("groups: [{hosts: [a], roles: [web-server]}]\n")).allowSpecialTargets());
        assertEquals("inv.yaml:2: target '255.255.255.255' is the broadcast address" + FLAG,
                bad("groups:\n  - hosts: [255.255.255.255]\n    roles: [web-server]\n"));
    }

    @Test
    void aDnsServerIsCheckedAsATarget() throws Exception {
        String group = "groups:\n  - roles: [domain-controller]\n    domain: corp.example\n    dnsServer: %s\n";
        assertEquals("inv.yaml:4: bad dnsServer: ambiguous address '010.0.0.53': a leading zero means octal to "
                + "inet_aton (8.0.0.53) but decimal to others (10.0.0.53); write it without leading zeros",
                bad(group.formatted("010.0.0.53")));
        assertEquals("inv.yaml:4: bad dnsServer '198.18.0.0/24': expected an address or host name",
                bad(group.formatted("198.18.0.0/24")));
    }

    @Test
    void aGroupsFromNamesThePerspectivesItsHostsAreJudgedFor() throws Exception {
        Inventory inv = InventoryParser.parse(write("""
                groups:
                  - name: seen-by-clients
                    hosts: [a]
                    roles: [domain-controller]
                    from: client
                  - name: replication
                    hosts: [b]
                    roles: [domain-controller]
                    from: [domain-controller, "trust, admin"]
                  - name: default
                    hosts: [c]
                    roles: [domain-controller]
                """));
        Set<Perspective> cli = Set.of(Perspective.ADMIN);
        assertEquals(Set.of(Perspective.CLIENT), inv.groups().get(0).from());
        assertEquals(Set.of(Perspective.DOMAIN_CONTROLLER, Perspective.TRUST, Perspective.ADMIN),
                inv.groups().get(1).from());
        assertNull(inv.groups().get(2).from());
        assertEquals(Set.of(Perspective.CLIENT), inv.groups().get(0).fromOr(cli), "the group's own from wins");
        assertEquals(cli, inv.groups().get(2).fromOr(cli), "a group without from takes --from");
        assertEquals("inv.yaml:5: group 'g': unknown perspective 'clients'; did you mean 'client'? (expected client, "
                + "domain-controller, trust, admin)", bad("""
                groups:
                  - name: g
                    hosts: [a]
                    roles: [domain-controller]
                    from: [clients]
                """));
        assertEquals("inv.yaml:5: group 'g': 'from' needs at least one of client, domain-controller, trust, admin",
                bad("groups:\n  - name: g\n    hosts: [a]\n    roles: [domain-controller]\n    from: []\n"));
    }
}
