package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.scanner.lab.Lab;

/**
 * A real nmap connect scan of the lab DC's TCP ports ({@code nmap -sT -Pn -oX}) judged with
 * {@code portaudit judge --nmap-xml --role domain-controller} agrees with {@code portaudit scan} of the same host:
 * port for port, the same state and the same finding. Against {@code scan --connect-only} (no protocol probes,
 * what nmap's connect scan knows too) everything agrees; against a full scan everything agrees but the verdicts
 * the scan drew from protocol answers nmap never saw, and those are named.
 */
class JudgeNmapLabIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void lab() {
        Lab.assumeUp();
    }

    private static String dc() {
        String dc = Lab.fact("dc.ipv4").orElse(Lab.DC_V4);
        assertTrue(dc.startsWith("198.18.") || dc.startsWith("198.19."), "the lab DC is in the lab's range: " + dc);
        return dc;
    }

    private static JsonNode run(int expectedExit, String... args) throws Exception {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(expectedExit, r.exit(), String.join(" ", args) + " -> " + r.err());
        return JSON.readTree(r.out());
    }

    /** The host's TCP rows with a port number, by port: state and finding. */
    private static Map<Integer, JsonNode> tcpRows(JsonNode host) {
        Map<Integer, JsonNode> rows = new TreeMap<>();
        for (JsonNode c : host.get("expected")) {
            if (c.get("transport").asText().equals("tcp") && c.hasNonNull("port") && c.get("port").isInt()) {
                rows.put(c.get("port").asInt(), c);
            }
        }
        return rows;
    }

    /** The TCP ports a report's policy forbids, nmap's way ("23,512-514"). */
    private static List<String> forbiddenTcp(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : report.get("policies").get(0).get("builtIn")) {
            for (JsonNode p : rule.get("ports")) {
                if (p.get("transport").asText().equals("tcp")) {
                    int low = p.get("low").asInt();
                    int high = p.get("high").asInt();
                    out.add(low == high ? Integer.toString(low) : low + "-" + high);
                }
            }
        }
        return out;
    }

    private Path nmap(String address, Set<Integer> ports, List<String> extra) throws Exception {
        Path xml = dir.resolve("dc.xml");
        List<String> spec = new ArrayList<>(ports.stream().map(String::valueOf).toList());
        spec.addAll(extra);
        List<String> cmd = List.of("nmap", "-sT", "-Pn", "-n", "--max-retries", "2", "-p", String.join(",", spec),
                "-oX", xml.toString(), address);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("nmap.out").toFile()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "nmap is not installed: " + e.getMessage());
            throw e;
        }
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "nmap did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("nmap.out")));
        return xml;
    }

    private static Set<String> unexpectedTcp(JsonNode host) {
        Set<String> out = new TreeSet<>();
        for (JsonNode u : host.get("unexpected")) {
            if (u.get("transport").asText().equals("tcp")) {
                out.add(u.get("port").asInt() + " " + u.get("state").asText() + " " + u.get("finding").asText());
            }
        }
        return out;
    }

    @Test
    void aRealNmapScanOfTheDcIsJudgedAsScanJudgesIt() throws Exception {
        String dc = dc();
        JsonNode connectOnly = run(1, "scan", "--json", "--host", dc, "--role", "domain-controller", "--unexpected",
                "none", "--connect-only");
        JsonNode full = run(1, "scan", "--json", "--host", dc, "--role", "domain-controller", "--unexpected", "none");
        Map<Integer, JsonNode> plain = tcpRows(connectOnly.get("hosts").get(0));
        Map<Integer, JsonNode> probed = tcpRows(full.get("hosts").get(0));
        assertEquals(plain.keySet(), probed.keySet());
        assertTrue(plain.keySet().containsAll(List.of(53, 88, 135, 389, 445, 464, 636, 3268, 3269, 9389)), plain.keySet().toString());

        Path xml = nmap(dc, plain.keySet(), forbiddenTcp(full));
        JsonNode judged = run(1, "judge", "--nmap-xml", xml.toString(), "--role", "domain-controller", "--unexpected",
                "none", "--json");
        JsonNode source = judged.get("options").get("source");
        assertEquals("nmap-xml", source.get("kind").asText());
        assertEquals("connect/tcp", source.get("scanType").asText());
        assertTrue(source.get("args").asText().startsWith("nmap -sT -Pn -n"), source.toString());
        JsonNode host = judged.get("hosts").get(0);
        assertEquals(dc, host.get("address").asText());
        Map<Integer, JsonNode> fromNmap = tcpRows(host);
        assertEquals(plain.keySet(), fromNmap.keySet());

        List<String> disagree = new ArrayList<>();
        List<String> fromProtocols = new ArrayList<>();
        for (int port : plain.keySet()) {
            JsonNode n = fromNmap.get(port);
            JsonNode c = plain.get(port);
            JsonNode f = probed.get(port);
            String nmapSaid = n.get("state").asText() + " " + n.get("finding").asText();
            if (!nmapSaid.equals(c.get("state").asText() + " " + c.get("finding").asText())) {
                disagree.add(port + ": nmap " + nmapSaid + ", scan --connect-only " + c.get("state").asText() + " "
                        + c.get("finding").asText());
            }
            assertTrue(n.get("evidence").get(0).get("summary").asText().startsWith("nmap: "), n.toString());
            assertEquals(f.get("state").asText(), n.get("state").asText(), port + "/tcp: the full scan's state");
            if (!f.get("finding").asText().equals(n.get("finding").asText())) {
                fromProtocols.add(port + " " + f.get("finding").asText() + ": " + f.get("message").asText());
            }
        }
        assertEquals(List.of(), disagree, "nmap's connect scan and portaudit's connect-only scan agree port for port");
        // The full scan knows more than any connect scan only where protocol answers decided: the rootDSE says the
        // DC is a global catalog, so its closed 3269 is required there; nmap's scan leaves it conditional, and ok.
        assertEquals(1, fromProtocols.size(), fromProtocols.toString());
        assertTrue(fromProtocols.get(0).startsWith("3269 required-blocked: "), fromProtocols.toString());
        assertTrue(fromProtocols.get(0).contains("says this DC is a global catalog"), fromProtocols.toString());
        assertEquals("ok", fromNmap.get(3269).get("finding").asText());
        assertEquals("conditional", fromNmap.get(3269).get("level").asText());

        // The forbidden listener the lab puts on the DC: found by both, judged alike.
        assertEquals(unexpectedTcp(full.get("hosts").get(0)), unexpectedTcp(host));
        assertTrue(unexpectedTcp(host).contains("23 open forbidden-open"), unexpectedTcp(host).toString());
        // nmap scanned no UDP: no UDP port is claimed either way.
        for (JsonNode c : host.get("expected")) {
            if (c.get("transport").asText().equals("udp")) {
                assertEquals("not-checked", c.get("finding").asText(), c.toString());
                assertEquals("not scanned: the nmap run made no UDP scan", c.get("message").asText());
            }
        }
    }

    @Test
    void aHostileReportIsRefusedInOneLine() throws Exception {
        Path bomb = Files.writeString(dir.resolve("bomb.xml"), "<?xml version=\"1.0\"?><!DOCTYPE nmaprun ["
                + "<!ENTITY x SYSTEM \"file:///etc/shadow\">]><nmaprun scanner=\"nmap\">&x;</nmaprun>");
        CliRunner.Result r = CliRunner.run("judge", "--nmap-xml", bomb.toString(), "--role", "domain-controller");
        assertEquals(2, r.exit(), r.err());
        assertEquals("portaudit: " + bomb + ":1: a DOCTYPE with declarations or an external DTD is refused (nmap writes "
                + "only <!DOCTYPE nmaprun>): entities are never expanded", r.err().lines().findFirst().orElseThrow());
        assertEquals("", r.out());
    }
}
