package org.portaudit.reports.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.json.Json;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.json.ReportSchemaCheck;
import org.portaudit.reports.render.JsonRenderer;

class DriftTest {
    static PortCheck check(String port, PortState state, FindingKind finding) {
        return new PortCheck(Transport.TCP, Located.Where.parse(Transport.TCP, port, null), "p", Level.REQUIRED,
                List.of(), state, finding, finding + " on " + port, null, 1, List.of(), null);
    }

    static HostReport host(String target, List<PortCheck> expected, List<UnexpectedPort> unexpected) {
        return new HostReport(target, target, "198.18.0.10", null, null, false, Counts.empty(), 10, expected,
                unexpected);
    }

    static AuditReport report(HostReport... hosts) {
        return new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit 0.1.0", "2026-11-22T00:00:00Z",
                "2026-11-22T00:00:01Z", 1, new RunOptions(List.of(), List.of(), "2025", "none", List.of(), 1000, 1, 1,
                0, false, null), RunSummary.of(List.of(hosts)), List.of(hosts), List.of(), null);
    }

    private static List<String> keys(List<DriftFinding> fs) {
        List<String> out = new ArrayList<>();
        for (DriftFinding f : fs) {
            out.add(f.target() + " " + f.portLabel() + " " + f.finding());
        }
        return out;
    }

    @Test
    void newResolvedPersistingByTargetPortAndKind() {
        AuditReport before = report(
                host("dc", List.of(check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED),
                        check("464", PortState.CLOSED, FindingKind.REQUIRED_BLOCKED),
                        check("389", PortState.OPEN, FindingKind.OK)), List.of()));
        AuditReport after = report(
                host("dc", List.of(check("636", PortState.CLOSED, FindingKind.REQUIRED_BLOCKED),
                        check("464", PortState.OPEN, FindingKind.OK),
                        check("389", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)),
                        List.of(new UnexpectedPort(Transport.TCP, 23, "telnet", "Telnet", PortState.OPEN,
                                FindingKind.UNEXPECTED_OPEN, "open", 0.2, List.of()))));
        Drift d = Drift.between("old.json", before, after);
        assertEquals(List.of("dc 23/tcp unexpected-open", "dc 389/tcp required-blocked"), keys(d.newFindings()));
        assertEquals(List.of("dc 464/tcp required-blocked"), keys(d.resolved()));
        // same finding, other state: persisting, shown as the later audit saw it
        assertEquals(List.of("dc 636/tcp required-blocked"), keys(d.persisting()));
        assertEquals(PortState.CLOSED, d.persisting().get(0).state());
        assertEquals(List.of(), d.notAudited());
    }

    @Test
    void aHostTheLaterAuditMissedOrCouldNotAuditResolvesNothing() {
        AuditReport before = report(
                host("a", List.of(check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)), List.of()),
                host("b", List.of(check("445", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)), List.of()));
        HostReport bFailed = HostReport.failed("b", null, "host name 'b' does not resolve");
        Drift d = Drift.between("old", before, report(bFailed));
        assertEquals(List.of(), d.resolved());
        assertEquals(List.of("a", "b"), d.notAudited());
        assertEquals(List.of(), d.newFindings());
    }

    @Test
    void hostsOfABlockAreKnownByTheirAddress() {
        // every host of a block carries the block as its target: across runs they are told apart by address
        for (String block : List.of("198.18.1.0/30", "198.18.1.1-3", "198.18.1.1-198.18.1.3", "2001:2::1-2001:2::3")) {
            assertEquals("198.18.0.10", DriftFinding.host(host(block, List.of(), List.of())), block);
        }
        for (String name : List.of("pa-dc01", "dc01.lab.portaudit.test", "198.18.0.10", "2001:2::10", "cafe-01")) {
            assertEquals(name, DriftFinding.host(host(name, List.of(), List.of())), name);
        }
        AuditReport r = report(host("198.18.1.0/30", List.of(check("636", PortState.FILTERED,
                FindingKind.REQUIRED_BLOCKED)), List.of()));
        assertEquals("198.18.0.10", DriftFinding.of(r).get(0).target());
        assertEquals(java.util.Set.of("198.18.0.10"), Drift.audited(r));
    }

    @Test
    void withNothingBeforeEveryFindingIsNew() {
        AuditReport after = report(host("a", List.of(check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED),
                check("88", PortState.OPEN, FindingKind.OK)), List.of()));
        Drift d = Drift.compute(null, List.of(), List.of(), DriftFinding.of(after), Drift.audited(after));
        assertEquals(List.of("a 636/tcp required-blocked"), keys(d.newFindings()));
        assertNull(d.since());
        assertTrue(d.toText().contains("no earlier audit"), d.toText());
    }

    @Test
    void driftIsAMemberOfReportJsonAndReadsBack() throws Exception {
        AuditReport before = report(host("a", List.of(check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)),
                List.of()));
        AuditReport after = report(host("a", List.of(check("636", PortState.OPEN, FindingKind.OK)), List.of()));
        Drift d = Drift.between("old", before, after);
        StringWriter w = new StringWriter();
        new JsonRenderer().render(after.withDrift(d), w);
        ReportSchemaCheck.assertValid(w.toString());
        JsonNode n = Json.MAPPER.readTree(w.toString());
        assertEquals(AuditReport.SCHEMA_VERSION, n.get("schemaVersion").asInt());
        assertEquals(1, n.get("drift").get("counts").get("resolved").asInt());
        assertEquals(636, n.get("drift").get("resolved").get(0).get("port").intValue());
        // the rest of the document is exactly report.json without drift
        StringWriter plain = new StringWriter();
        new JsonRenderer().render(after, plain);
        com.fasterxml.jackson.databind.node.ObjectNode withoutDrift = (com.fasterxml.jackson.databind.node.ObjectNode) n;
        withoutDrift.putNull("drift");
        assertEquals(Json.MAPPER.readTree(plain.toString()), withoutDrift);
        // and `portaudit report` / diff read a report with drift back
        AuditReport back = JsonRenderer.read(new StringReader(w.toString()));
        assertEquals(after.withDrift(d), back);
        assertEquals(d, back.drift());
    }
}
