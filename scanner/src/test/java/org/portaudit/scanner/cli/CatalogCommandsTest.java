package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rolesListsEveryRoleOneLineEach() {
        CliRunner.Result r = CliRunner.run("roles");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("domain-controller ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("snmp-agent ")), r.out());
        assertTrue(r.out().contains("39 roles"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void rolesJsonHasStableShape() throws Exception {
        CliRunner.Result r = CliRunner.run("roles", "--format", "json");
        assertEquals(0, r.exit());
        JsonNode root = JSON.readTree(r.out());
        assertEquals("portaudit.roles/1", root.get("schema").asText());
        assertEquals("2025", root.get("windows").get("id").asText());
        assertEquals(39, root.get("roles").size());
        JsonNode first = root.get("roles").get(0);
        assertTrue(first.has("id") && first.has("name") && first.has("description") && first.has("ports"));
    }

    @Test
    void showDomainControllerCurrentVersusDocuments() throws Exception {
        CliRunner.Result now = CliRunner.run("roles", "show", "domain-controller");
        assertEquals(0, now.exit(), now.err());
        assertTrue(now.out().contains("Windows Server 2025"), now.out());
        assertTrue(now.out().contains("9389"), "ADWS on current Windows");
        assertTrue(now.out().contains("dynamic RPC (49152-65535)"), now.out());
        assertTrue(now.out().contains("KB"), "later ports cite KBs");
        CliRunner.Result old = CliRunner.run("roles", "show", "domain-controller", "--windows", "2003");
        assertEquals(0, old.exit());
        assertTrue(old.out().contains("as in the source documents"), old.out());
        assertTrue(old.out().contains("dynamic RPC (1025-5000)"), old.out());
        assertFalse(old.out().contains("9389"), "no ADWS on 2003");

        JsonNode root = JSON.readTree(CliRunner.run("roles", "show", "domain-controller", "--format", "json").out());
        assertEquals("portaudit.role/1", root.get("schema").asText());
        boolean ldap = false;
        for (JsonNode q : root.get("requirements")) {
            assertTrue(q.get("source").has("cite"), q.toString());
            ldap |= q.get("transport").asText().equals("tcp") && q.get("port").asText().equals("389")
                    && q.get("level").asText().equals("required");
        }
        assertTrue(ldap, "389/tcp required on a DC");
    }

    @Test
    void unknownRoleSuggestsAndExits2() {
        CliRunner.Result r = CliRunner.run("roles", "show", "domain-controler");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        String first = r.err().lines().findFirst().orElse("");
        assertEquals("portaudit: unknown role 'domain-controler'; did you mean 'domain-controller'? "
                + "('portaudit roles' lists them)", first);
        assertEquals(1, r.err().lines().count(), "one line: the message says where the roles are listed: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void portsNamesServicesAndRoles() throws Exception {
        CliRunner.Result r = CliRunner.run("ports", "88/udp");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kerberos"), r.out());
        assertTrue(r.out().contains("kdc"), r.out());
        assertTrue(r.out().contains("domain-controller"), r.out());
        JsonNode root = JSON.readTree(CliRunner.run("ports", "389", "--format", "json").out());
        assertEquals("portaudit.port/1", root.get("schema").asText());
        assertTrue(root.get("transport").isNull());
        assertTrue(root.get("services").size() > 0);
        assertTrue(root.get("roles").size() > 0);
        CliRunner.Result gre = CliRunner.run("ports", "47/ip");
        assertEquals(0, gre.exit(), gre.err());
        assertTrue(gre.out().contains("rras"), gre.out());
    }

    @Test
    void dynamicRpcPortIsExplained() {
        CliRunner.Result r = CliRunner.run("ports", "50000/tcp");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("dynamic RPC (49152-65535)"), r.out());
    }

    @Test
    void malformedPortsExit2WithOneLine() {
        for (String bad : new String[] {"http", "88/sctp", "70000", "-5"}) {
            CliRunner.Result r = CliRunner.run("ports", bad);
            assertEquals(2, r.exit(), bad + ": " + r.err());
            assertTrue(r.err().startsWith("portaudit: "), r.err());
            assertFalse(r.err().contains("at org."), r.err());
        }
        assertTrue(CliRunner.run("ports", "88/ucp").err().contains("did you mean '88/udp'?"));
    }

    @Test
    void unknownSubcommandSuggests() {
        CliRunner.Result r = CliRunner.run("role");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("did you mean 'roles'?"), r.err());
    }

    @Test
    void userCatalogAddsRolesAndBadFilesNameTheLine(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("mine.yaml");
        Files.writeString(good, """
                roles:
                  - id: backup-server
                    name: Backup server
                    description: Our backup agent.
                    source: {url: "https://wiki.example.invalid/backup"}
                    services: [{service: rpc}]
                    requirements:
                      - {protocol: Backup agent, transport: tcp, port: 10000, reason: agent}
                """);
        CliRunner.Result r = CliRunner.run("roles", "show", "backup-server", "--catalog", good.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("10000"), r.out());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                roles:
                  - id: backup-server
                    name: Backup server
                    description: x
                    source: {kb: KB1}
                    services: [{service: no-such-service}]
                """);
        CliRunner.Result e = CliRunner.run("roles", "--catalog", bad.toString());
        assertEquals(2, e.exit());
        assertTrue(e.err().startsWith("portaudit: bad catalog: " + bad + ":6: role 'backup-server' uses unknown "
                + "service 'no-such-service'"), e.err());
        CliRunner.Result missing = CliRunner.run("roles", "--catalog", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void badWindowsVersion() {
        CliRunner.Result r = CliRunner.run("roles", "--windows", "2007");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("portaudit: unknown Windows version '2007'"), r.err());
    }

    @Test
    void helpDocumentsExitCodes() {
        CliRunner.Result r = CliRunner.run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes:"));
        assertTrue(r.out().contains("3  the run could not be done"));
    }
}
