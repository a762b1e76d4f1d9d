package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.json.Json;
import org.portaudit.scanner.history.HistoryStore;
import org.portaudit.scanner.lab.Lab;

/**
 * audit of an inventory against the lab: the domain's controllers found through DNS SRV at the lab's DC,
 * two runs into one SQLite history with a firewall change between them, and a run killed half way.
 */
class InventoryLabIT {
    @TempDir
    Path dir;

    static final String DC = "dc01.lab.portaudit.test"; // the SRV record's target

    @BeforeEach
    void labUp() {
        Lab.assumeUp();
    }

    private Path inventory(String extraGroups) throws Exception {
        Path f = dir.resolve("lab.yaml");
        Files.writeString(f, """
                name: lab
                groups:
                  - name: dcs
                    domain: lab.portaudit.test
                    dnsServer: 198.18.0.10
                    roles: [domain-controller]
                """ + extraGroups);
        return f;
    }

    private CliRunner.Result audit(Path inv, Path db, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "-i", inv.toString(), "--history", db.toString(),
                "-o", out.toString(), "--unexpected", "none", "--lock", dir.resolve("lock").toString(),
                "-q"));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<String> findings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(f -> out.add(f.get("target").asText() + " " + Lab.portText(f) + "/"
                + f.get("transport").asText() + " " + f.get("finding").asText()));
        return out;
    }

    @Test
    void droppingDynamicRpcBetweenTwoRunsIsNewDrift() throws Exception {
        Path inv = inventory("");
        Path db = dir.resolve("history.db");
        Path out = dir.resolve("out");
        CliRunner.Result first = audit(inv, db, out, "--timeout", "500");
        assertEquals(1, first.exit(), first.err());
        JsonNode r1 = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertEquals(DC, r1.get("hosts").get(0).get("target").asText(), "the DC was found through SRV");
        assertEquals(1, r1.get("hosts").size());
        assertTrue(r1.get("drift").get("since").isNull());
        // the lab drops 636/tcp: required-blocked from the start
        assertTrue(findings(r1.get("drift").get("new")).contains(DC + " 636/tcp required-blocked"));
        assertFalse(findings(r1.get("drift").get("new")).contains(DC + " dynamic-rpc/tcp required-blocked"),
                "dynamic RPC answers before the firewall change");

        Path root = Lab.repoRoot().orElseThrow();
        fw(root, "drop");
        try {
            CliRunner.Result second = audit(inv, db, out, "--timeout", "500", "--fail-on", "new");
            assertEquals(1, second.exit(), "the new finding fails --fail-on new: " + second.out() + second.err());
            assertTrue(second.out().contains("new " + DC + " dynamic-rpc/tcp required-blocked"), second.out());
            JsonNode drift = Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("drift");
            assertEquals(List.of(DC + " dynamic-rpc/tcp required-blocked"), findings(drift.get("new")), drift.toString());
            assertEquals(List.of(), findings(drift.get("resolved")), drift.toString());
            assertTrue(findings(drift.get("persisting")).contains(DC + " 636/tcp required-blocked"), drift.toString());
            assertTrue(drift.get("since").asText().startsWith("run "), drift.toString());
        } finally {
            fw(root, "allow");
        }
        CliRunner.Result h = CliRunner.run("history", "--history", db.toString(), "--host", DC, "--port",
                "dynamic-rpc/tcp");
        List<String> lines = h.out().lines().toList();
        assertEquals(3, lines.size(), h.out());
        assertTrue(lines.get(1).matches("dynamic-rpc/tcp\\s+\\S+\\s+open\\s+ok\\s+first seen\\s.*"), h.out());
        assertTrue(lines.get(2).matches("dynamic-rpc/tcp\\s+\\S+\\s+filtered\\s+required-blocked\\s+open ok\\s.*"),
                h.out());
    }

    @Test
    void aRunKilledHalfWayLeavesTheHistoryReadableAndEarlierRunsComplete() throws Exception {
        // a second group of 125 addresses that drop everything: slow enough at a low rate to be killed in
        Path inv = inventory("""
                  - name: dropping
                    targets: [198.18.2.1-125]
                    roles: [domain-controller]
                """);
        Path db = dir.resolve("history.db");
        Path out = dir.resolve("out");
        // the runs that are compared probe with the defaults' patience (1000 ms, one retry): at 300 ms without
        // retries, the DC's dynamic RPC ports once went unanswered under the load of the 125 dropping hosts
        CliRunner.Result first = audit(inv, db, out, "--timeout", "1000", "--retries", "1");
        assertEquals(1, first.exit(), first.out() + first.err());
        List<HistoryStore.Run> runs;
        try (HistoryStore store = HistoryStore.open(db.toString())) {
            runs = store.runs("lab");
        }
        assertEquals(1, runs.size());
        assertEquals(HistoryStore.COMPLETE, runs.get(0).status());
        assertEquals(126, runs.get(0).hosts());

        Path jar = Lab.repoRoot().orElseThrow().resolve("scanner/target/portaudit.jar");
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
                "-jar", jar.toString(), "audit", "-i", inv.toString(), "--history", db.toString(), "-o",
                dir.resolve("out2").toString(), "--unexpected", "none", "--timeout", "300", "--retries", "0",
                "--rate", "40", "--lock", dir.resolve("lock").toString(), "-q")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        HistoryStore.Run killed = null;
        try (HistoryStore store = HistoryStore.open(db.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && child.isAlive()) {
                List<HistoryStore.Run> now = store.runs("lab");
                if (now.size() == 2 && now.get(1).hosts() >= 1) {
                    killed = now.get(1);
                    break;
                }
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(killed != null, "the child recorded its first group before it was killed: "
                + Files.readString(dir.resolve("child.log")));
        assertFalse(Files.exists(dir.resolve("out2/report.json")), "killed before it wrote a report");

        try (HistoryStore store = HistoryStore.open(db.toString())) {
            runs = store.runs("lab");
            assertEquals(List.of(HistoryStore.COMPLETE, HistoryStore.RUNNING), runs.stream().map(HistoryStore.Run::status).toList());
            assertEquals(126, runs.get(0).hosts(), "the earlier run is intact");
            assertTrue(runs.get(1).hosts() >= 1 && runs.get(1).hosts() < 126, runs.get(1).toString());
            assertFalse(store.portHistory(DC, "tcp", "389").isEmpty());
        }
        // the kill released the lock; the next run marks the killed one incomplete and compares with the first
        CliRunner.Result third = audit(inv, db, out, "--timeout", "1000", "--retries", "1", "--fail-on", "new");
        assertEquals(0, third.exit(), "nothing new since the first run: " + third.out() + third.err());
        JsonNode drift = Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("drift");
        assertTrue(drift.get("since").asText().startsWith("run " + runs.get(0).id()), drift.toString());
        assertEquals(0, drift.get("counts").get("resolved").asInt(), drift.toString());
        try (HistoryStore store = HistoryStore.open(db.toString())) {
            assertEquals(List.of(HistoryStore.COMPLETE, HistoryStore.INCOMPLETE, HistoryStore.COMPLETE),
                    store.runs("lab").stream().map(HistoryStore.Run::status).toList());
        }
        CliRunner.Result listing = CliRunner.run("history", "--history", db.toString());
        assertTrue(listing.out().contains(" incomplete "), listing.out());
    }

    private static void fw(Path root, String action) throws Exception {
        Process p = new ProcessBuilder(root.resolve("lab/fw").toString(), "dc", "dynamic-rpc", action)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lab/fw timed out");
        assertEquals(0, p.exitValue(), text);
    }
}
