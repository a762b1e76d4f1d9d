package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.reports.render.JsonRenderer;

class DiffCommandTest {
    @TempDir
    Path dir;

    private Path save(String name, String startedAt, PortCheck... checks) throws Exception {
        HostReport h = new HostReport("pa-dc01", "pa-dc01", "198.18.0.10", null, null, false,
                org.portaudit.reports.model.Counts.empty(), 3, List.of(checks), List.of());
        AuditReport r = new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit 0.1.0", startedAt, startedAt, 1,
                new RunOptions(List.of("pa-dc01"), List.of("domain-controller"), "2025", "none", List.of(), 1000, 1, 1,
                        0, false, null), RunSummary.of(List.of(h)), List.of(h), List.of(), null);
        Path p = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(p)) {
            new JsonRenderer().render(r, w);
        }
        return p;
    }

    private static PortCheck check(String port, PortState state, FindingKind f) {
        return new PortCheck(org.portaudit.catalog.Transport.TCP,
                org.portaudit.reports.model.Located.Where.single(Integer.parseInt(port)), "p",
                org.portaudit.catalog.Level.REQUIRED, List.of(), state, f, "m", null, 1, List.of(), List.of());
    }

    @Test
    void textAndJsonAndExitCodes() throws Exception {
        Path old = save("old.json", "2026-11-21T02:00:00Z", check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED),
                check("464", PortState.CLOSED, FindingKind.REQUIRED_BLOCKED), check("49152", PortState.OPEN, FindingKind.OK));
        Path now = save("new.json", "2026-11-22T02:00:00Z", check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED),
                check("464", PortState.OPEN, FindingKind.OK),
                check("49152", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED));

        CliRunner.Result text = CliRunner.run("diff", old.toString(), now.toString());
        assertEquals(1, text.exit(), "a new required-blocked fails: " + text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals("Drift since " + old + " of 2026-11-21T02:00:00Z: 1 new, 1 resolved, 1 persisting", lines.get(0));
        assertTrue(lines.get(1).matches("\\s+new\\s+pa-dc01\\s+49152/tcp\\s+required-blocked\\s+filtered"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s+resolved\\s+pa-dc01\\s+464/tcp\\s+required-blocked\\s+closed"), lines.get(2));
        assertEquals(3, lines.size());

        CliRunner.Result json = CliRunner.run("diff", old.toString(), now.toString(), "--format", "json");
        JsonNode n = Json.MAPPER.readTree(json.out());
        assertEquals("portaudit.drift/2", n.get("schema").asText());
        assertEquals(1, n.get("counts").get("new").asInt());
        assertTrue(n.get("new").get(0).get("port").isInt(), "a port is a number in schema 2");
        assertEquals("49152", n.get("new").get(0).get("port").asText());
        assertEquals("464", n.get("resolved").get(0).get("port").asText());
        assertEquals("636", n.get("persisting").get(0).get("port").asText());

        // only the kinds named fail; a report against itself has nothing new
        assertEquals(0, CliRunner.run("diff", old.toString(), now.toString(), "--fail-on", "unexpected-open").exit());
        assertEquals(1, CliRunner.run("diff", old.toString(), now.toString(), "--fail-on", "new,required-blocked").exit());
        assertEquals(0, CliRunner.run("diff", now.toString(), now.toString()).exit());
    }

    @Test
    void badInput() throws Exception {
        Path old = save("old.json", "2026-11-21T02:00:00Z");
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"schemaVersion\": 7}");
        CliRunner.Result r = CliRunner.run("diff", old.toString(), junk.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("portaudit: report " + junk + " is not a portaudit report.json: "), r.err());
        r = CliRunner.run("diff", old.toString(), dir.resolve("missing.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("portaudit: report " + dir.resolve("missing.json") + " does not exist"), r.err());
        assertEquals(2, CliRunner.run("diff", old.toString(), old.toString(), "--format", "xml").exit());
    }
}
