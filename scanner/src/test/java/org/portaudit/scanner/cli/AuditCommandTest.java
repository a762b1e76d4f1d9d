package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.json.Json;
import org.portaudit.scanner.history.RunLock;

/** audit through the real command line, on loopback only. */
class AuditCommandTest {
    @TempDir
    Path dir;

    private Path inventory(String yaml) throws Exception {
        Path f = dir.resolve("inventory.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static void assertBad(CliRunner.Result r, int exit, String line) {
        assertEquals(exit, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("portaudit: " + line, r.err().lines().findFirst().orElse(""), r.err());
    }

    @Test
    void aBadInventoryIsFileLineAndExit2() throws Exception {
        Path f = inventory("groups:\n  - hosts: [127.0.0.1]\n    roles: [web-servr]\n");
        assertBad(CliRunner.run("audit", "-i", f.toString()), 2, "bad inventory: " + f
                + ":2: group 'group 1': unknown role 'web-servr'; did you mean 'web-server'? ('portaudit roles' lists them)");
        Files.writeString(f, "groups:\n  - hosts: [127.0.0.1]\n    roles: [web-server]\n    colour: red\n");
        assertBad(CliRunner.run("audit", "-i", f.toString()), 2, "bad inventory: " + f
                + ":4: unknown key 'colour' in a group (keys: name, hosts, targets, hostsFiles, domain, dnsServer, roles,"
                + " policy, from)");
        assertBad(CliRunner.run("audit", "-i", dir.resolve("none.yaml").toString()), 2,
                "bad inventory: " + dir.resolve("none.yaml") + ": no such file");
    }

    @Test
    void aGroupsPolicyIsAppliedAndABadOneIsExit2() throws Exception {
        Path f = inventory("groups:\n  - name: dcs\n    hosts: [127.0.0.1]\n    roles: [web-server]\n    policy: strict.yaml\n");
        assertBad(CliRunner.run("audit", "-i", f.toString()), 2, "bad policy of group 'dcs' (" + f + ":5): "
                + dir.resolve("strict.yaml") + ": no such file");
        try (java.net.ServerSocket stray = new java.net.ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
            Files.writeString(dir.resolve("strict.yaml"), "all:\n  forbid:\n    - {ports: " + stray.getLocalPort()
                    + "/tcp, reason: not on our servers}\n");
            CliRunner.Result r = CliRunner.run("audit", "-i", f.toString(), "--unexpected", "none", "--timeout", "300",
                    "--fail-on", "none", "--json");
            assertEquals(1, r.exit(), "forbidden-open fails even with --fail-on none: " + r.err());
            com.fasterxml.jackson.databind.JsonNode host = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(r.out()).get("hosts").get(0);
            boolean forbidden = false;
            for (com.fasterxml.jackson.databind.JsonNode u : host.get("unexpected")) {
                forbidden |= u.get("port").asInt() == stray.getLocalPort()
                        && u.get("finding").asText().equals("forbidden-open");
            }
            assertTrue(forbidden, "the group's policy forbids the stray port: " + host);
        }
    }

    @Test
    void aSecondRunOfTheSameInventoryExits3WithOneLine() throws Exception {
        Path f = inventory("groups:\n  - hosts: [127.0.0.1]\n    roles: [web-server]\n");
        Path lock = dir.resolve("audit.lock");
        try (RunLock held = RunLock.tryAcquire(lock).orElseThrow()) {
            CliRunner.Result r = CliRunner.run("audit", "-i", f.toString(), "--lock", lock.toString());
            assertEquals(3, r.exit());
            assertEquals(List.of("portaudit: another audit of inventory 'inventory' (shard 0/1) is running; lock " + lock),
                    r.err().lines().toList());
        }
        // released: the next run goes ahead
        CliRunner.Result r = CliRunner.run("audit", "-i", f.toString(), "--lock", lock.toString(), "--unexpected", "none",
                "--timeout", "200", "-q");
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
    }

    @Test
    void historyOfAFileThatIsNotThereIsBadInputAndCreatesNothing() {
        Path db = dir.resolve("nothing.db");
        assertBad(CliRunner.run("history", "--history", db.toString()), 2, "history file " + db + " does not exist");
        assertTrue(!Files.exists(db));
    }

    /** Issue 14, defects 9 and 11: a folder is not "missing", and a port past 65535 is refused, not accepted. */
    @Test
    void historyOfAFolderOrWithABadPortIsBadInputInWords() {
        assertBad(CliRunner.run("history", "--history", dir.toString()), 2,
                "history file " + dir + " is a folder, not a history file");
        assertBad(CliRunner.run("history", "--history", dir.resolve("h.db").toString(), "--host", "a", "--port",
                "99999"), 2, "bad port '99999' for --port (expected 0-65535, a range LOW-HIGH or dynamic-rpc, optionally"
                + " /tcp, /udp or /ip)");
        for (String ok : List.of("636", "dynamic-rpc", "49152-65535", "47/ip")) {
            assertTrue(HistoryCommand.historyPort(ok.replace("/ip", "")), ok);
        }
        for (String bad : List.of("99999", "x", "5-1", "1-2-3", "-", "")) {
            assertTrue(!HistoryCommand.historyPort(bad), bad);
        }
    }

    @Test
    void shardsCoverTheInventoryOnceAndKeepTheirOwnHistory() throws Exception {
        Path f = inventory("groups:\n  - targets: [127.0.0.1-9]\n    roles: [web-server]\n  - hosts: [localhost]\n"
                + "    roles: [web-server]\n");
        Path db = dir.resolve("history.db");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CliRunner.Result r = CliRunner.run("audit", "-i", f.toString(), "--shard", i + "/3", "--history",
                    db.toString(), "--unexpected", "none", "--connect-only", "--timeout", "200", "--json", "--lock",
                    dir.resolve("lock" + i).toString());
            assertEquals(1, r.exit(), r.err());
            JsonNode report = Json.MAPPER.readTree(r.out());
            assertTrue(report.get("hosts").size() >= 1 && report.get("hosts").size() <= 8,
                    "shard " + i + " has a share, not all: " + report.get("hosts").size());
            for (JsonNode h : report.get("hosts")) {
                all.add(h.get("target").asText().equals("localhost") ? "localhost" : h.get("address").asText());
            }
        }
        List<String> expected = new ArrayList<>(List.of("localhost"));
        for (int i = 1; i <= 9; i++) {
            expected.add("127.0.0." + i);
        }
        assertEquals(expected.stream().sorted().toList(), all.stream().sorted().toList(), "each host in exactly one shard");
        CliRunner.Result runs = CliRunner.run("history", "--history", db.toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(runs.out().contains(" " + i + "/3 "), runs.out());
        }
    }

    @Test
    void withoutHistoryDriftIsAgainstTheReportInTheOutputFolder() throws Exception {
        Path f = inventory("groups:\n  - hosts: [127.0.0.1]\n    roles: [web-server]\n");
        assertBad(CliRunner.run("audit", "-i", f.toString(), "--fail-on", "new"), 2,
                "--fail-on new needs the previous run: give --history, or -o DIR (drift is then against the report.json"
                        + " there)");
        Path out = dir.resolve("out");
        String[] args = {"audit", "-i", f.toString(), "-o", out.toString(), "--unexpected", "none", "--connect-only",
            "--timeout", "200", "--fail-on", "new", "--lock", dir.resolve("lock").toString(), "-q"};
        CliRunner.Result first = CliRunner.run(args);
        assertEquals(1, first.exit(), "first run: every finding is new " + first.out() + first.err());
        CliRunner.Result second = CliRunner.run(args);
        assertEquals(0, second.exit(), second.out() + second.err());
        JsonNode d = Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("drift");
        assertTrue(d.get("since").asText().startsWith(out.resolve("report.json") + " of "), d.toString());
        assertTrue(d.get("counts").get("persisting").asInt() > 0, d.toString());
    }

    @Test
    void badShard() throws Exception {
        Path f = inventory("groups:\n  - hosts: [127.0.0.1]\n    roles: [web-server]\n");
        assertBad(CliRunner.run("audit", "-i", f.toString(), "--shard", "2/2"), 2,
                "bad shard 2/2: expected I/N with 0 <= I < N");
    }

    @Test
    void twoRunsIntoOneHistoryReportTheirDrift() throws Exception {
        Path f = inventory("name: loop\ngroups:\n  - name: local\n    hosts: [127.0.0.1]\n    roles: [web-server]\n");
        Path db = dir.resolve("history.db");
        Path out = dir.resolve("out");
        int port;
        List<String> args;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            args = new ArrayList<>(List.of("audit", "-i", f.toString(), "--history", db.toString(), "-o", out.toString(),
                    "--unexpected", String.valueOf(port), "--timeout", "300", "--connect-only", "--fail-on", "new",
                    "--lock", dir.resolve("l").toString(), "-q"));
            CliRunner.Result first = CliRunner.run(args.toArray(String[]::new));
            assertEquals(1, first.exit(), first.out() + first.err());
            assertTrue(first.out().contains("new 127.0.0.1 " + port + "/tcp unexpected-open"), first.out());
            JsonNode d = Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("drift");
            assertTrue(d.get("since").isNull());
        }
        // the listener is gone: its finding is resolved, the rest persists, nothing is new, so exit 0
        CliRunner.Result second = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, second.exit(), second.out() + second.err());
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        JsonNode d = report.get("drift");
        assertTrue(d.get("since").asText().startsWith("run "), d.toString());
        assertEquals(0, d.get("counts").get("new").asInt(), d.toString());
        assertEquals(1, d.get("counts").get("resolved").asInt(), d.toString());
        assertEquals(String.valueOf(port), d.get("resolved").get(0).get("port").asText());
        assertEquals("unexpected-open", d.get("resolved").get(0).get("finding").asText());
        assertTrue(d.get("counts").get("persisting").asInt() > 0, "web-server's closed ports persist: " + d);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));

        // history shows the port's change, and the runs
        CliRunner.Result h = CliRunner.run("history", "--history", db.toString(), "--host", "127.0.0.1", "--port",
                port + "/tcp");
        assertEquals(0, h.exit(), h.err());
        List<String> lines = h.out().lines().toList();
        assertEquals(3, lines.size(), h.out());
        assertTrue(lines.get(1).matches(port + "/tcp\\s+\\S+\\s+open\\s+unexpected-open\\s+first seen.*"), h.out());
        assertTrue(lines.get(2).matches(port + "/tcp\\s+\\S+\\s+not-open\\s+-\\s+open unexpected-open\\s.*"), h.out());
        CliRunner.Result runs = CliRunner.run("history", "--history", db.toString());
        assertEquals(3, runs.out().lines().count(), runs.out());
        assertTrue(runs.out().lines().skip(1).allMatch(l -> l.contains(" complete ") && l.contains(" loop ")), runs.out());

        // prune: the older run goes, the newest complete one stays (the next drift's base)
        assertBad(CliRunner.run("history", "prune", "--history", db.toString()), 2,
                "prune needs --keep-runs N or --keep-days N (or both) (see 'portaudit history prune --help')");
        CliRunner.Result pruned = CliRunner.run("history", "prune", "--history", db.toString(), "--keep-runs", "1");
        assertEquals(0, pruned.exit(), pruned.err());
        assertEquals("pruned 1 run(s)", pruned.out().trim());
        assertEquals(2, CliRunner.run("history", "--history", db.toString()).out().lines().count());
        CliRunner.Result third = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, third.exit(), "nothing new against the kept run: " + third.out() + third.err());
    }

    @Test
    void aHostileSrvAnswerIsThatHostsErrorAndEveryGroupIsAudited() throws Exception {
        Path f = inventory("groups:\n  - name: dcs\n    hosts: [127.0.0.1]\n    domain: corp.example\n"
                + "    dnsServer: 127.0.0.1\n    roles: [web-server]\n  - name: web\n    hosts: [127.0.0.2]\n"
                + "    roles: [web-server]\n");
        String osc = "a\u001b]0;pwned\u0007b";
        try (org.portaudit.scanner.inventory.FakeDns dns = new org.portaudit.scanner.inventory.FakeDns(List.of(
                org.portaudit.scanner.inventory.FakeDns.labels("dc\\01", "corp", "example"),
                org.portaudit.scanner.inventory.FakeDns.labels(osc, "corp"),
                org.portaudit.scanner.inventory.FakeDns.labels("c\u001b[2J\u0000", "corp")))) {
            picocli.CommandLine cmd = PortauditCommand.commandLine();
            ((AuditCommand) cmd.getSubcommands().get("audit").getCommandSpec().userObject()).locator =
                    org.portaudit.scanner.inventory.DcLocator.jndi(dns.port());
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            cmd.setOut(new java.io.PrintWriter(out));
            cmd.setErr(new java.io.PrintWriter(err));
            for (String format : new String[] {"--json", "--verbose"}) {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                int exit = cmd.execute("audit", "-i", f.toString(), "--unexpected", "none", "--connect-only",
                        "--timeout", "200", format, "--lock", dir.resolve("lock").toString());
                assertEquals(1, exit, "a report with findings, not a failed run: " + err);
                String all = out + "" + err;
                assertTrue(all.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0),
                        "no control character reaches the terminal: " + all);
                if (format.equals("--json")) {
                    JsonNode hosts = Json.MAPPER.readTree(out.toString()).get("hosts");
                    List<String> seen = new ArrayList<>();
                    for (JsonNode h : hosts) {
                        seen.add(h.get("group").asText() + " " + h.get("target").asText()
                                + (h.get("error").isNull() ? "" : " error"));
                    }
                    assertEquals(List.of("dcs 127.0.0.1", "dcs a.]0;pwned.b.corp error", "dcs c.[2J..corp error",
                            "dcs dc\\\\01.corp.example error", "web 127.0.0.2"), seen.stream().sorted().toList());
                } else {
                    assertTrue(out.toString().contains("127.0.0.2"), out.toString());
                }
            }
        }
    }

    @Test
    void aCopyOfTheInventoryElsewhereIsTheSameAuditForTheLock() throws Exception {
        Path f = inventory("name: loop\ngroups:\n  - hosts: [127.0.0.1]\n    roles: [web-server]\n");
        Path elsewhere = Files.createDirectories(dir.resolve("copy")).resolve("other-name.yaml");
        Files.copy(f, elsewhere);
        Path db = dir.resolve("history.db");
        String[] args = {"audit", "-i", elsewhere.toString(), "--history", db.toString(), "--unexpected", "none",
            "--connect-only", "--timeout", "200", "-q"};
        try (org.portaudit.scanner.history.HistoryStore store = org.portaudit.scanner.history.HistoryStore.open(
                db.toString()); AutoCloseable live = store.tryLock("loop", "0/1").orElseThrow()) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(3, r.exit(), r.out() + r.err());
            assertEquals(List.of("portaudit: another audit of inventory 'loop' (shard 0/1) is running; lock " + db
                    + ".lock"), r.err().lines().toList());
            assertEquals(List.of(), store.runs("loop"), "the live run's key is untouched: no run started");
        }
        CliRunner.Result r = CliRunner.run(args);
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        // without a history the default lock file is keyed by the name too
        assertEquals(RunLock.defaultFile("loop", org.portaudit.scanner.inventory.Shard.ALL.toString()),
                RunLock.defaultFile("loop", org.portaudit.scanner.inventory.Shard.ALL.toString()));
    }

    @Test
    void historyOfAFileThatIsNoHistoryFailsFastInOneLineAndChangesNothing() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a database\n");
        long t0 = System.nanoTime();
        CliRunner.Result r = CliRunner.run("history", "--history", text.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, r.exit(), r.err());
        assertEquals(List.of("portaudit: history jdbc:sqlite:" + text + " is not a SQLite database"),
                r.err().lines().toList());
        assertTrue(ms < 2000, "fails fast, took " + ms + " ms");
        CliRunner.Result a = CliRunner.run("audit", "-i", inventory("groups:\n  - hosts: [127.0.0.1]\n"
                + "    roles: [web-server]\n").toString(), "--history", text.toString());
        assertEquals(3, a.exit(), a.err());
        assertEquals(List.of("portaudit: history jdbc:sqlite:" + text + " is not a SQLite database"),
                a.err().lines().toList());
        assertEquals("hello, this is not a database\n", Files.readString(text));

        Path empty = dir.resolve("empty.db");
        Files.write(empty, new byte[0]);
        CliRunner.Result e = CliRunner.run("history", "--history", empty.toString());
        assertEquals(3, e.exit(), e.err());
        assertEquals(List.of("portaudit: history jdbc:sqlite:" + empty + " is not a portaudit history (no schema in"
                + " it; 'portaudit audit --history' creates one)"), e.err().lines().toList());
        assertEquals(0, Files.size(empty), "a read-only command writes nothing");
        assertTrue(!Files.exists(dir.resolve("empty.db-journal")) && !Files.exists(dir.resolve("empty.db-wal")));
    }
}
