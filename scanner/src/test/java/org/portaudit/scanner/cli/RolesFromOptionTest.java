package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** 'roles show ROLE --from WHO' through the real command line. */
class RolesFromOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("roles", "show", "domain-controller", "--format", "json"));
        a.addAll(List.of(args));
        CliRunner.Result r = CliRunner.run(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    private static Set<String> ports(JsonNode root) {
        Set<String> out = new TreeSet<>();
        for (JsonNode q : root.get("requirements")) {
            out.add(q.get("port").asText() + "/" + q.get("transport").asText());
        }
        return out;
    }

    static List<String> words(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void jsonNamesWhomEachRequirementServes() throws Exception {
        JsonNode all = json();
        assertEquals(List.of("client", "domain-controller", "trust", "admin"), words(all.get("from")));
        for (JsonNode q : all.get("requirements")) {
            assertTrue(q.get("perspectives").isArray() && q.get("perspectives").size() > 0, q.toString());
            if (q.get("port").asText().equals("9389")) {
                assertEquals(List.of("admin"), words(q.get("perspectives")));
            }
            if (q.get("port").asText().equals("137") && q.get("transport").asText().equals("udp")) {
                // the role's override narrows NetBIOS names to clients and trusts; browsing is clients' only
                assertEquals(q.get("service").asText().equals("computer-browser") ? List.of("client")
                        : List.of("client", "trust"), words(q.get("perspectives")), q.toString());
            }
        }
        JsonNode client = json("--from", "client");
        JsonNode peer = json("--from", "domain-controller");
        assertEquals(List.of("client"), words(client.get("from")));
        assertTrue(ports(client).containsAll(Set.of("137/udp", "138/udp")), ports(client).toString());
        assertFalse(ports(client).contains("25/tcp") || ports(client).contains("9389/tcp"), ports(client).toString());
        assertTrue(ports(peer).contains("25/tcp"), ports(peer).toString());
        assertFalse(ports(peer).contains("137/udp") || ports(peer).contains("138/udp"), ports(peer).toString());
        assertTrue(all.get("requirements").size() > client.get("requirements").size());
        for (JsonNode q : client.get("requirements")) {
            assertTrue(words(q.get("perspectives")).contains("client"), q.toString());
        }
    }

    @Test
    void repeatedAndCommaSeparatedFromAreTheUnion() throws Exception {
        JsonNode both = json("--from", "client", "--from", "admin");
        JsonNode comma = json("--from", "client,admin");
        assertEquals(List.of("client", "admin"), words(both.get("from")));
        assertEquals(both.get("requirements"), comma.get("requirements"));
        assertTrue(ports(both).containsAll(Set.of("9389/tcp", "137/udp")), ports(both).toString());
    }

    @Test
    void textHasAFromColumnAndSaysWhatWasLeftOut() {
        CliRunner.Result r = CliRunner.run("roles", "show", "domain-controller", "--from", "admin");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Only the ports serving admin (--from)."), r.out());
        String header = r.out().lines().filter(l -> l.startsWith("TRANSPORT")).findFirst().orElseThrow();
        assertTrue(header.matches("TRANSPORT +PORT +PROTOCOL +SERVICE +LEVEL +FROM +REASON +SOURCE"), header);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("tcp") && l.contains("9389") && l.contains(" admin ")),
                r.out());
        assertFalse(r.out().lines().anyMatch(l -> l.contains(" kdc ")), "Kerberos is not an admin-only port");
        CliRunner.Result all = CliRunner.run("roles", "show", "domain-controller");
        assertFalse(all.out().contains("--from)."), all.out());
        assertTrue(all.out().lines().anyMatch(l -> l.contains(" rpc ") && l.contains(" all ")), all.out());
        assertTrue(all.out().lines().anyMatch(l -> l.contains(" kdc ") && l.contains("client,domain-controller,trust")),
                all.out());
    }

    @Test
    void unknownPerspectiveIsOneLineWithSuggestionAndExit2() {
        CliRunner.Result r = CliRunner.run("roles", "show", "domain-controller", "--from", "clients");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("portaudit: --from: unknown perspective 'clients'; did you mean 'client'? "
                + "(expected client, domain-controller, trust, admin)", r.err().lines().findFirst().orElse(""));
        assertFalse(r.err().contains("Exception"), r.err());
        CliRunner.Result hostile = CliRunner.run("roles", "show", "domain-controller", "--from", "x\u001b[31mred");
        assertEquals(2, hostile.exit());
        assertFalse(hostile.err().contains("\u001b"), "terminal escapes are not echoed");
    }
}
