package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.scanner.lab.Lab;

/**
 * The lab's Samba DC scanned --from client and --from domain-controller: the expected sets differ as the catalog
 * (KB 179442) says, the reports record the perspective and the vantage (the lab bridge's own address), and the
 * two reports make one flow matrix.
 */
class PerspectiveLabIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two scans every test looks at, made once: DIR/client and DIR/domain-controller. */
    @TempDir
    static Path dir;
    private static JsonNode client;
    private static JsonNode peer;

    @BeforeAll
    static void scanTheDcFromBothSides() throws Exception {
        Lab.assumeUp();
        client = scan("client");
        peer = scan("domain-controller");
    }

    /** A scan of the DC as a domain controller from {@code who}; its report.json goes to DIR/who. */
    private static JsonNode scan(String who) throws Exception {
        Path out = dir.resolve(who);
        CliRunner.Result r = CliRunner.run("scan", "--host", Lab.DC_NAME, "--role", "domain-controller", "--domain",
                Lab.DNS_DOMAIN, "--from", who, "-o", out.toString(), "--quiet");
        assertEquals(1, r.exit(), "the lab DC has findings from every side (636/tcp dropped, telnet): " + r.err());
        return JSON.readTree(Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8));
    }

    private static Set<String> expected(JsonNode host) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : host.get("expected")) {
            out.add(Lab.portText(c) + "/" + c.get("transport").asText());
        }
        return out;
    }

    /** The ports 'roles show domain-controller --from who' lists. */
    private static Set<String> catalog(String who) throws Exception {
        CliRunner.Result r = CliRunner.run("roles", "show", "domain-controller", "--from", who, "--format", "json");
        assertEquals(0, r.exit(), r.err());
        Set<String> out = new TreeSet<>();
        for (JsonNode q : JSON.readTree(r.out()).get("requirements")) {
            out.add((q.get("dynamicRpc").asBoolean() ? "dynamic-rpc" : q.get("port").asText()) + "/"
                    + q.get("transport").asText());
        }
        return out;
    }

    private static JsonNode row(JsonNode host, String port) {
        for (JsonNode c : host.get("expected")) {
            if ((Lab.portText(c) + "/" + c.get("transport").asText()).equals(port)) {
                return c;
            }
        }
        return null;
    }

    private static List<String> words(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void clientAndDomainControllerSeeTheDcDifferently() throws Exception {
        JsonNode c = client.get("hosts").get(0);
        JsonNode p = peer.get("hosts").get(0);
        assertEquals(Lab.DC_V4, c.get("address").asText());

        // As the catalog says, and concretely: NetBIOS names and datagrams (137, 138/udp) serve clients (and
        // trusts), SMTP replication (25/tcp) serves other DCs only; LDAP, Kerberos, SMB and DNS serve both.
        assertEquals(catalog("client"), expected(c));
        assertEquals(catalog("domain-controller"), expected(p));
        assertTrue(expected(c).containsAll(Set.of("137/udp", "138/udp")), expected(c).toString());
        assertFalse(expected(c).contains("25/tcp"), expected(c).toString());
        assertTrue(expected(p).contains("25/tcp"), expected(p).toString());
        assertFalse(expected(p).contains("137/udp") || expected(p).contains("138/udp"), expected(p).toString());
        for (String both : List.of("88/tcp", "389/tcp", "445/tcp", "53/udp", "135/tcp")) {
            assertTrue(expected(c).contains(both) && expected(p).contains(both), both);
        }
        assertFalse(expected(c).contains("9389/tcp") || expected(p).contains("9389/tcp"),
                "AD Web Services serve admins only");

        // The probes are real: the DC's NetBIOS name service answers the client's view.
        assertEquals("open", row(c, "137/udp").get("state").asText(), row(c, "137/udp").toString());
        JsonNode smtp = row(p, "25/tcp");
        assertNotNull(smtp);
        assertEquals(List.of("domain-controller"), words(smtp.get("requiredBy").get(0).get("perspectives")));
        assertEquals(List.of("client", "trust"), words(row(c, "137/udp").get("requiredBy").get(0).get("perspectives")));

        // Each report records the perspective asked for and where it was run from (lab/up's source.ipv4).
        assertEquals(List.of("client"), words(client.get("options").get("from")));
        assertEquals(List.of("domain-controller"), words(peer.get("options").get("from")));
        String source = Lab.fact("source.ipv4").orElse(Lab.SOURCE_V4);
        assertEquals(Lab.SOURCE_V4, source, "the lab's facts and the Lab constants agree");
        assertEquals(source, c.get("vantage").asText());
        assertEquals(source, p.get("vantage").asText());
        // ... also shown in text
        CliRunner.Result text = CliRunner.run("report", dir.resolve("client/report.json").toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("ports probed from " + source + ")"), text.out());
        assertTrue(text.out().contains("Perspectives asked (--from): client"), text.out());
    }

    @Test
    void overIpv6TheVantageIsTheBridgesIpv6Address() throws Exception {
        CliRunner.Result r = CliRunner.run("scan", "--host", Lab.DC_V6_NAME, "--role", "domain-controller", "--from",
                "trust", "--unexpected", "none", "--connect-only", "--json");
        assertTrue(r.exit() == 0 || r.exit() == 1, "a judged run, not an error: " + r.err());
        JsonNode host = JSON.readTree(r.out()).get("hosts").get(0);
        assertEquals(Lab.ip(Lab.SOURCE_V6).getHostAddress(), host.get("vantage").asText());
        assertEquals(catalog("trust"), expected(host));
    }

    @Test
    void theTwoReportsMakeOneFlowMatrix() throws Exception {
        Path a = dir.resolve("client/report.json");
        Path b = dir.resolve("domain-controller/report.json");
        CliRunner.Result r = CliRunner.run("report", a.toString(), b.toString(), "-f", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = JSON.readTree(r.out());
        assertEquals(Lab.SOURCE_V4 + " (" + a + ")", m.get("columns").get(0).get("label").asText());
        assertEquals(List.of(Lab.SOURCE_V4), words(m.get("columns").get(1).get("vantage")));
        JsonNode smtp = FlowMatrixCliTest.row(m, "25/tcp");
        JsonNode netbios = FlowMatrixCliTest.row(m, "137/udp");
        JsonNode ldaps = FlowMatrixCliTest.row(m, "636/tcp");
        JsonNode telnet = FlowMatrixCliTest.row(m, "23/tcp");
        assertEquals(Lab.DC_NAME + " (" + Lab.DC_V4 + ")", ldaps.get("host").asText());
        assertTrue(smtp.get("cells").get(0).isNull() && !smtp.get("cells").get(1).isNull(), smtp.toString());
        assertTrue(!netbios.get("cells").get(0).isNull() && netbios.get("cells").get(1).isNull(), netbios.toString());
        for (int i = 0; i < 2; i++) {
            // dropped by the lab's iptables whoever asks; the stray telnet answers both
            assertEquals("required-blocked", ldaps.get("cells").get(i).get("finding").asText(), ldaps.toString());
            assertEquals("filtered", ldaps.get("cells").get(i).get("state").asText(), ldaps.toString());
            assertEquals("forbidden-open", telnet.get("cells").get(i).get("finding").asText(), telnet.toString());
        }
        Path html = dir.resolve("flow.html");
        CliRunner.Result h = CliRunner.run("report", a.toString(), b.toString(), "-f", "html", "-o", html.toString());
        assertEquals(0, h.exit(), h.err());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertEquals(m.get("rows").size(), page.split("<tr><th scope=\"row\">", -1).length - 1, page);
        assertFalse(page.contains("<script"), "the flow page has no script");
    }
}
