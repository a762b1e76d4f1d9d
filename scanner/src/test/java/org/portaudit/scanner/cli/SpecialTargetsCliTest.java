package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.json.Json;

/**
 * Issue 14 through the real command line: ambiguous and special targets are refused with one line and
 * exit 2, names that resolve to special addresses are per-host errors, and --allow-special-targets lets
 * them through. Every command runs in a network namespace that holds only loopback, so even a target
 * this code misreads is never sent off the machine.
 */
class SpecialTargetsCliTest {
    private static final String FLAG = "; not probed without --allow-special-targets";
    private static final List<String> QUICK = List.of("--role", "web-server", "--unexpected", "none", "--timeout",
            "200", "--retries", "0", "--connect-only");

    @TempDir
    Path dir;
    private Path hosts;

    @BeforeEach
    void isolate() throws Exception {
        NetworkNamespace.assumeAvailable();
        hosts = dir.resolve("hosts");
        Files.writeString(hosts, """
                127.0.0.1        localhost ok.test
                255.255.255.255  bcast.test
                224.0.0.1        mcast.test
                0.0.0.0          zero.test
                ff02::1          mcast6.test
                """);
    }

    private static List<String> scan(String... args) {
        return concat(concat(List.of("scan"), List.of(args)), QUICK);
    }

    private static void assertRefused(CliRunner.Result r, String line) {
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("portaudit: " + line, r.err().lines().findFirst().orElse(""), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void scanRefusesAmbiguousAndSpecialTargetsWithOneLine() throws Exception {
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, "127.0.0.1\n0x7f000001  # loopback, or is it\n");
        List<CliRunner.Result> r = NetworkNamespace.run(dir, hosts, List.of(
                scan("--host", "0177.0.0.1"),
                scan("--host", "127.1"),
                scan("--hosts-file", file.toString()),
                scan("--host", "255.255.255.255"),
                scan("--target", "0.0.0.0/0"),
                scan("--target", "223.255.255.250-224.0.0.5"),
                scan("--host", "0177.0.0.1", "--allow-special-targets")));
        assertRefused(r.get(0), "ambiguous address '0177.0.0.1': a leading zero means octal to inet_aton (127.0.0.1) "
                + "but decimal to others (177.0.0.1); write it without leading zeros");
        assertRefused(r.get(1), "ambiguous address '127.1': inet_aton fills a short form in (127.0.0.1) but others "
                + "refuse it; write all four parts: 127.0.0.1");
        assertRefused(r.get(2), file + ":2: ambiguous address: hexadecimal means 127.0.0.1 to inet_aton "
                + "but is not an address to others; write it in dotted decimal: 127.0.0.1");
        assertRefused(r.get(3), "target '255.255.255.255' is the broadcast address" + FLAG);
        assertRefused(r.get(4), "target '0.0.0.0/0' includes the unspecified address 0.0.0.0, multicast addresses "
                + "(224.0.0.0/4) and the broadcast address 255.255.255.255" + FLAG);
        assertRefused(r.get(5), "target '223.255.255.250-224.0.0.5' includes multicast addresses (224.0.0.0/4)"
                + FLAG);
        assertRefused(r.get(6), "ambiguous address '0177.0.0.1': a leading zero means octal to inet_aton (127.0.0.1) "
                + "but decimal to others (177.0.0.1); write it without leading zeros");
    }

    /** Each host of a --json report by its target. */
    private static Map<String, JsonNode> hostsOf(CliRunner.Result r) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode h : Json.MAPPER.readTree(r.out()).get("hosts")) {
            out.put(h.get("target").asText(), h);
        }
        return out;
    }

    @Test
    void aNameThatResolvesToASpecialAddressIsThatHostsError() throws Exception {
        List<CliRunner.Result> r = NetworkNamespace.run(dir, hosts, List.of(
                scan("--host", "bcast.test", "--host", "mcast.test", "--host", "zero.test", "--host", "mcast6.test",
                        "--host", "ok.test", "--json"),
                scan("--host", "bcast.test", "--json"),
                scan("--host", "bcast.test", "--host", "224.0.0.1", "--host", "ok.test", "--json",
                        "--allow-special-targets")));
        assertEquals(1, r.get(0).exit(), "ok.test is probed, and its web ports are closed: " + r.get(0).err());
        Map<String, JsonNode> h = hostsOf(r.get(0));
        assertEquals("host name 'bcast.test' resolves to 255.255.255.255, the broadcast address" + FLAG,
                h.get("bcast.test").get("error").asText());
        assertEquals("host name 'mcast.test' resolves to 224.0.0.1, a multicast address (224.0.0.0/4)" + FLAG,
                h.get("mcast.test").get("error").asText());
        assertEquals("host name 'zero.test' resolves to 0.0.0.0, the unspecified address" + FLAG,
                h.get("zero.test").get("error").asText());
        assertEquals("host name 'mcast6.test' resolves to ff02:0:0:0:0:0:0:1, a multicast address (ff00::/8)" + FLAG,
                h.get("mcast6.test").get("error").asText());
        assertNull(h.get("ok.test").get("error").textValue(), h.get("ok.test").toString());
        assertEquals("127.0.0.1", h.get("ok.test").get("address").asText());

        assertEquals(3, r.get(1).exit(), r.get(1).err());
        assertEquals("portaudit: no target resolved (host name 'bcast.test' resolves to 255.255.255.255, the broadcast "
                + "address" + FLAG + ")", r.get(1).err().lines().findFirst().orElse(""));

        CliRunner.Result allowed = r.get(2);
        assertNotEquals(2, allowed.exit(), allowed.err());
        assertNotEquals(3, allowed.exit(), allowed.err());
        Map<String, JsonNode> a = hostsOf(allowed);
        assertEquals("255.255.255.255", a.get("bcast.test").get("address").asText(), a.toString());
        assertNull(a.get("bcast.test").get("error").textValue(), a.toString());
        assertEquals("224.0.0.1", a.get("224.0.0.1").get("address").asText(), a.toString());
        assertNull(a.get("224.0.0.1").get("error").textValue(), a.toString());
    }

    @Test
    void auditRefusesThemInTheInventoryItsHostsFilesAndPolicies() throws Exception {
        Path inv = dir.resolve("inv.yaml");
        Files.writeString(inv, "groups:\n  - roles: [web-server]\n    hosts:\n      - 010.0.0.1\n");
        Path special = dir.resolve("special.yaml");
        Path listed = dir.resolve("listed.txt");
        Files.writeString(listed, "# mDNS responders\n224.0.0.251\n");
        Files.writeString(special, "groups:\n  - roles: [web-server]\n    hostsFiles: [listed.txt]\n");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "hosts:\n  \"0x7f000001\":\n    allow:\n      - {ports: 8080, reason: agent}\n");
        List<String> quick = List.of("--unexpected", "none", "--timeout", "200", "--retries", "0", "--connect-only",
                "--lock", dir.resolve("lock").toString(), "--json");
        List<List<String>> commands = new ArrayList<>();
        commands.add(concat(List.of("audit", "-i", inv.toString()), quick));
        commands.add(concat(List.of("audit", "-i", special.toString()), quick));
        commands.add(concat(List.of("audit", "-i", special.toString(), "--allow-special-targets"), quick));
        commands.add(scan("--host", "ok.test", "--policy", policy.toString()));
        List<CliRunner.Result> r = NetworkNamespace.run(dir, hosts, commands);
        assertRefused(r.get(0), "bad inventory: " + inv + ":4: ambiguous address '010.0.0.1': a leading zero means "
                + "octal to inet_aton (8.0.0.1) but decimal to others (10.0.0.1); write it without leading zeros");
        assertRefused(r.get(1), "bad inventory: " + listed + ":2: target is a multicast address "
                + "(224.0.0.0/4)" + FLAG);
        assertNotEquals(2, r.get(2).exit(), r.get(2).err());
        assertEquals("224.0.0.251", hostsOf(r.get(2)).get("224.0.0.251").get("address").asText(), r.get(2).out());
        assertRefused(r.get(3), "bad policy: " + policy + ":2: bad host '0x7f000001': ambiguous address '0x7f000001': hexadecimal means "
                + "127.0.0.1 to inet_aton but is not an address to others; write it in dotted decimal: 127.0.0.1");
    }

    @Test
    void theChildRunsNothingOutsideANamespace() throws Exception {
        Assumptions.assumeFalse(IsolatedCli.interfaces().equals(List.of("lo")),
                "SKIPPED: this machine has only loopback, so the guard cannot be seen refusing");
        // Without unshare: the guard must refuse before the CLI runs (--version would not probe anyway).
        Path results = Files.createDirectories(dir.resolve("bare"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), IsolatedCli.class.getName(), results.toString(), "--version")
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), said);
        assertEquals(IsolatedCli.NOT_ISOLATED, p.exitValue(), said);
        assertTrue(said.startsWith("not isolated: network interfaces ["), said);
        assertFalse(Files.exists(results.resolve("0.exit")), "nothing ran");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
