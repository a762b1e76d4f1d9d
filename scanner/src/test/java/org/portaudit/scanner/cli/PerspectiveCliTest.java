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
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --from on scan and audit (and an inventory group's from:), on loopback only: the expected set is the one
 * 'roles show --from' lists, the report records what was asked, whom each row serves and the vantage.
 */
class PerspectiveCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Quick and quiet on loopback: nothing swept, a short timeout, no finding fails the run. */
    private static final List<String> QUICK = List.of("--unexpected", "none", "--timeout", "300", "--retries", "0",
            "--fail-on", "none", "--connect-only", "--json");

    @TempDir
    Path dir;

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    private static JsonNode scan(String... from) throws Exception {
        List<String> a = new ArrayList<>(List.of("scan", "--host", "127.0.0.1", "--role", "domain-controller"));
        a.addAll(List.of(from));
        a.addAll(QUICK);
        return json(CliRunner.run(a.toArray(String[]::new)));
    }

    /** "port/transport" of the rows 'roles show domain-controller --from ...' lists (JSON). */
    private static Set<String> rolesShow(String... from) throws Exception {
        List<String> a = new ArrayList<>(List.of("roles", "show", "domain-controller", "--format", "json"));
        a.addAll(List.of(from));
        Set<String> out = new TreeSet<>();
        for (JsonNode q : json(CliRunner.run(a.toArray(String[]::new))).get("requirements")) {
            out.add((q.get("dynamicRpc").asBoolean() ? "dynamic-rpc" : q.get("port").asText()) + "/"
                    + q.get("transport").asText());
        }
        return out;
    }

    static Set<String> expected(JsonNode host) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : host.get("expected")) {
            out.add(rowPort(c) + "/" + c.get("transport").asText());
        }
        return out;
    }

    private static String rowPort(JsonNode c) {
        if (c.get("dynamicRpc").asBoolean()) {
            return "dynamic-rpc";
        }
        if (!c.get("port").isNull()) {
            return c.get("port").asText();
        }
        if (!c.get("ipProtocol").isNull()) {
            return c.get("ipProtocol").asText();
        }
        return c.get("range").get("low").asText() + "-" + c.get("range").get("high").asText();
    }

    private static List<String> words(JsonNode array) {
        return RolesFromOptionTest.words(array);
    }

    @Test
    void scanFromPicksTheExpectedSetAsRolesShowDoes() throws Exception {
        JsonNode all = scan();
        JsonNode client = scan("--from", "client");
        JsonNode both = scan("--from", "client", "--from", "admin");
        JsonNode comma = scan("--from", "client,admin");
        assertEquals(rolesShow(), expected(all.get("hosts").get(0)));
        assertEquals(rolesShow("--from", "client"), expected(client.get("hosts").get(0)));
        assertEquals(rolesShow("--from", "client", "--from", "admin"), expected(both.get("hosts").get(0)));
        assertEquals(expected(both.get("hosts").get(0)), expected(comma.get("hosts").get(0)));
        assertTrue(expected(client.get("hosts").get(0)).contains("137/udp"));
        assertFalse(expected(client.get("hosts").get(0)).contains("25/tcp"), "SMTP replication serves DCs only");
        assertFalse(expected(client.get("hosts").get(0)).contains("9389/tcp"), "AD Web Services serve admins only");
        assertTrue(expected(both.get("hosts").get(0)).contains("9389/tcp"));

        // The report records what was asked and whom each row's requirements serve.
        assertEquals(List.of("client", "domain-controller", "trust", "admin"), words(all.get("options").get("from")));
        assertEquals(List.of("client"), words(client.get("options").get("from")));
        assertEquals(List.of("client", "admin"), words(comma.get("options").get("from")));
        for (JsonNode c : client.get("hosts").get(0).get("expected")) {
            boolean servesClient = false;
            for (JsonNode q : c.get("requiredBy")) {
                assertFalse(q.get("perspectives").isEmpty(), q.toString());
                servesClient |= words(q.get("perspectives")).contains("client");
            }
            assertTrue(servesClient, "every row of a --from client scan serves clients: " + c);
        }
        // ... and where the host was probed from: loopback's own address toward loopback.
        assertEquals("127.0.0.1", client.get("hosts").get(0).get("vantage").asText());
    }

    @Test
    void theTextReportSaysWhatWasAskedWhomEachPortServesAndTheVantage() {
        CliRunner.Result r = CliRunner.run("scan", "--host", "127.0.0.1", "--role", "domain-controller", "--from",
                "domain-controller", "--unexpected", "none", "--timeout", "300", "--retries", "0", "--fail-on",
                "none", "--connect-only");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ports probed from 127.0.0.1)"), r.out());
        assertTrue(r.out().contains("Perspectives asked (--from): domain-controller"), r.out());
        String header = r.out().lines().filter(l -> l.contains("FINDING")).findFirst().orElseThrow();
        assertTrue(header.contains(" FROM "), header);
        String smtp = r.out().lines().filter(l -> l.contains(" 25/tcp ")).findFirst().orElseThrow();
        assertTrue(smtp.contains("domain-controller/smtp") && smtp.matches(".* domain-controller +domain-controller/.*"),
                smtp);
    }

    @Test
    void anUnknownPerspectiveIsOneLineWithASuggestionAndExit2() throws Exception {
        for (String cmd : List.of("scan", "audit")) {
            Path inv = dir.resolve("inv.yaml");
            Files.writeString(inv, "groups:\n  - hosts: [127.0.0.1]\n    roles: [domain-controller]\n");
            List<String> a = new ArrayList<>(cmd.equals("scan")
                    ? List.of("scan", "--host", "127.0.0.1", "--role", "domain-controller")
                    : List.of("audit", "-i", inv.toString()));
            a.addAll(List.of("--from", "client,domain-controler"));
            CliRunner.Result r = CliRunner.run(a.toArray(String[]::new));
            assertEquals(2, r.exit(), r.err());
            assertEquals("portaudit: --from: unknown perspective 'domain-controler'; did you mean "
                    + "'domain-controller'? (expected client, domain-controller, trust, admin)",
                    r.err().lines().findFirst().orElseThrow(), r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void auditTakesEachGroupsFromAndElseTheCommandLines() throws Exception {
        Path inv = dir.resolve("inv.yaml");
        Files.writeString(inv, """
                groups:
                  - name: clients-view
                    hosts: [127.0.0.1]
                    roles: [domain-controller]
                    from: client
                  - name: default-view
                    hosts: [127.0.0.2]
                    roles: [domain-controller]
                """);
        List<String> a = new ArrayList<>(List.of("audit", "-i", inv.toString(), "--from", "domain-controller",
                "--lock", dir.resolve("lock").toString()));
        a.addAll(QUICK);
        JsonNode report = json(CliRunner.run(a.toArray(String[]::new)));
        JsonNode clients = null;
        JsonNode peers = null;
        for (JsonNode h : report.get("hosts")) {
            if (h.get("group").asText().equals("clients-view")) {
                clients = h;
            } else {
                peers = h;
            }
        }
        assertEquals(rolesShow("--from", "client"), expected(clients), "the group's from: wins over --from");
        assertEquals(rolesShow("--from", "domain-controller"), expected(peers), "a group without from: takes --from");
        assertEquals(List.of("client", "domain-controller"), words(report.get("options").get("from")),
                "the run asked for the union of its groups' perspectives");
        assertEquals("127.0.0.1", clients.get("vantage").asText());
        assertEquals("127.0.0.1", peers.get("vantage").asText(), "loopback answers 127.0.0.2 from 127.0.0.1");
    }
}
