package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan --policy: a bad file is one line naming file and line, exit 2; a good one is listed in the report. */
class PolicyOptionTest {
    private static void assertBadPolicy(Path f, String text, String message) throws Exception {
        Files.writeString(f, text);
        CliRunner.Result r = CliRunner.run("scan", "--host", "127.0.0.1", "--role", "web-server", "--policy",
                f.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("portaudit: bad policy: " + f + message, r.err().lines().findFirst().orElseThrow());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("portaudit:")).count(), "one error line: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out(), "nothing was scanned");
    }

    @Test
    void badPolicyFilesExit2WithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("policy.yaml");
        assertBadPolicy(f, "all:\n  forbid:\n    - {ports: 23, reason: telnet, severity: high}\n",
                ":3: unknown key 'severity' in a 'forbid' entry (allowed: ports, reason)");
        assertBadPolicy(f, "exceptions:\n  - ports: 23\n    expires: 2027-01-01\n",
                ":2: missing key 'justification'");
        assertBadPolicy(f, "exceptions:\n  - ports: 23\n    justification: x\n    expires: tomorrow\n",
                ":4: bad date 'tomorrow' for 'expires' (expected YYYY-MM-DD)");
        assertBadPolicy(f, "hosts:\n  \"198.18.0.0/24\": {}\n  \"198.18.0.0/40\": {}\n",
                ":3: bad host '198.18.0.0/40': bad prefix length in '198.18.0.0/40' (0-32)");
        assertBadPolicy(f, "roles:\n  webserver:\n    allow: []\n",
                ":2: unknown role 'webserver'; did you mean 'web-server'?");
        CliRunner.Result missing = CliRunner.run("scan", "--host", "127.0.0.1", "--role", "web-server", "--policy",
                dir.resolve("none.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("portaudit: bad policy: " + dir.resolve("none.yaml") + ": no such file"),
                missing.err());
    }

    /** forbidden-open sets exit code 1 even with --fail-on none; the same scan without the rule exits 0. */
    @Test
    void forbiddenOpenAlwaysFails(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            Path f = dir.resolve("policy.yaml");
            Files.writeString(f, "hosts:\n  \"127.0.0.0/8\":\n    forbid:\n      - {ports: " + port
                    + ", reason: \"no test listeners\"}\n");
            String[] base = {"scan", "--json", "--host", "127.0.0.1", "--role", "web-server", "--unexpected", "none",
                "--connect-only", "--timeout", "200", "--fail-on", "none"};
            CliRunner.Result without = CliRunner.run(base);
            assertEquals(0, without.exit(), without.err());
            List<String> args = new java.util.ArrayList<>(List.of(base));
            args.addAll(List.of("--policy", f.toString()));
            CliRunner.Result with = CliRunner.run(args.toArray(String[]::new));
            assertEquals(1, with.exit(), with.err());
            JsonNode host = new ObjectMapper().readTree(with.out()).get("hosts").get(0);
            JsonNode u = host.get("unexpected").get(0);
            assertEquals(port, u.get("port").asInt());
            assertEquals("forbidden-open", u.get("finding").asText());
            assertEquals("open; forbidden (host 127.0.0.0/8): no test listeners", u.get("message").asText());
            assertFalse(host.get("compliant").asBoolean());
        }
    }

    @Test
    void theReportListsThePolicy(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, """
                all:
                  allow:
                    - {ports: 6000, reason: "X11 for the lab's thin clients"}
                exceptions:
                  - {ports: 80, justification: "web moves to the proxy", expires: 2999-12-31}
                  - {ports: 443, justification: "old waiver", expires: 2001-01-31}
                """);
        CliRunner.Result r = CliRunner.run("scan", "--json", "--host", "127.0.0.1", "--role", "web-server",
                "--unexpected", "none", "--connect-only", "--timeout", "200", "--fail-on", "none", "--policy",
                f.toString());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(1, report.get("policies").size(), "a scan is judged with one policy");
        JsonNode policy = report.get("policies").get(0);
        assertTrue(policy.get("group").isNull(), "a scan has no inventory group");
        assertEquals(f.toString(), policy.get("file").asText());
        assertEquals(java.time.LocalDate.now().toString(), policy.get("date").asText());
        assertEquals("web moves to the proxy", policy.get("exceptions").get(0).get("reason").asText());
        assertEquals("2001-01-31", policy.get("expired").get(0).get("expires").asText());
        List<String> builtIn = new java.util.ArrayList<>();
        for (JsonNode rule : policy.get("builtIn")) {
            for (JsonNode p : rule.get("ports")) {
                builtIn.add(p.get("low").asInt() + "-" + p.get("high").asInt() + "/" + p.get("transport").asText());
            }
        }
        assertFalse(builtIn.contains("6000-6000/tcp"), "allowed everywhere: " + policy);
        assertTrue(builtIn.contains("23-23/tcp"), policy.toString());
        // The exception applies to the closed 80 on loopback; the expired one does not apply to 443.
        JsonNode host = report.get("hosts").get(0);
        for (JsonNode c : host.get("expected")) {
            if (c.get("port").asText().equals("80")) {
                assertEquals("ok", c.get("finding").asText(), c.toString());
                assertTrue(c.get("message").asText().startsWith("exception until 2999-12-31: web moves to the proxy"),
                        c.toString());
            }
        }
        // Forbidden ports are swept even with --unexpected none: the 10 built-in TCP ports, 69/udp and 161/udp.
        int probedExpected = 0;
        for (JsonNode c : host.get("expected")) {
            probedExpected += c.get("attempts").asInt() > 0 ? 1 : 0;
        }
        assertEquals(probedExpected + 12, host.get("scanned").asInt(), host.toString());
    }
}
