package org.portaudit.reports.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.reports.render.Reports;

/** The published schema: itself valid, says what report.json is, and refuses what it is not. */
class ReportSchemaTest {
    private static ObjectNode audit() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(Reports.render(new JsonRenderer(), Reports.audit()));
    }

    /** The report with one change made; the schema must refuse it, naming where. */
    private static void refused(String where, Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = audit();
        change.accept(tree);
        List<String> errors = ReportSchemaCheck.errors(Json.MAPPER.writeValueAsString(tree));
        assertFalse(errors.isEmpty(), "accepted a report with a bad " + where);
        assertTrue(errors.stream().anyMatch(e -> e.contains(where)), where + " not named in " + errors);
    }

    private static ObjectNode at(ObjectNode tree, String pointer) {
        return (ObjectNode) tree.at(JsonPointer.compile(pointer));
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(List.of(), meta.validate(ReportSchemaCheck.schemaTree()).stream().map(Object::toString).toList());
        assertEquals("https://json-schema.org/draft/2020-12/schema", ReportSchemaCheck.schemaTree().get("$schema")
                .asText());
    }

    @Test
    void wordSetsAreTheModelsWords() {
        JsonNode defs = ReportSchemaCheck.schemaTree().get("$defs");
        assertEquals(java.util.Arrays.stream(FindingKind.values()).map(FindingKind::word).toList(),
                words(defs.get("finding").get("enum")));
        assertEquals(java.util.Arrays.stream(PortState.values()).map(PortState::word).toList(),
                words(defs.get("state").get("enum")));
        assertEquals(List.of("tcp", "udp", "ip"), words(defs.get("transport").get("enum")));
        assertEquals(List.of("required", "optional", "conditional"), words(defs.get("level").get("enum")));
    }

    private static List<String> words(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everyTestReportIsValid() {
        for (var r : List.of(Reports.lab(), Reports.hostile(), Reports.audit())) {
            ReportSchemaCheck.assertValid(Reports.render(new JsonRenderer(), r));
        }
        AssertionError e = assertThrows(AssertionError.class, () -> ReportSchemaCheck.assertValid("{\"x\": 1}"));
        assertTrue(e.getMessage().contains("schemaVersion"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotSchema2() throws Exception {
        refused("schemaVersion", t -> t.put("schemaVersion", 1));
        refused("/hosts/0/expected/1/port", t -> at(t, "/hosts/0/expected/1").put("port", "636"));
        refused("/hosts/0/expected/1/port", t -> at(t, "/hosts/0/expected/1").put("port", 0));
        refused("/hosts/0/expected/1/port", t -> at(t, "/hosts/0/expected/1").put("port", 65536));
        refused("/hosts/0/expected/0/endpoints/0/port", t -> at(t, "/hosts/0/expected/0/endpoints/0")
                .put("port", 70000));
        refused("/hosts/0/expected/1/finding", t -> at(t, "/hosts/0/expected/1").put("finding", "blocked"));
        refused("/hosts/0/expected/1/state", t -> at(t, "/hosts/0/expected/1").put("state", "open|closed"));
        refused("/hosts/0/expected/1/level", t -> at(t, "/hosts/0/expected/1").put("level", "mandatory"));
        refused("/hosts/0/expected/1/transport", t -> at(t, "/hosts/0/expected/1").put("transport", "sctp"));
        refused("/policies/0/builtIn/0/rule", t -> at(t, "/policies/0/builtIn/0").put("rule", "deny"));
        refused("/options/failOn/0", t -> ((ArrayNode) t.at("/options/failOn")).set(0, "new-ish"));
        refused("/drift/new/0/finding", t -> at(t, "/drift/new/0").put("finding", "nope"));
        refused("/summary/findings", t -> at(t, "/summary/findings").remove("ok"));
    }

    @Test
    void refusesUnknownAndMissingMembers() throws Exception {
        refused("extra", t -> t.put("extra", 1));
        refused("/hosts/0", t -> at(t, "/hosts/0").put("os", "windows"));
        refused("/hosts/0/expected/1", t -> at(t, "/hosts/0/expected/1").remove("attempts"));
        refused("drift", t -> t.remove("drift"));
        refused("/hosts/0/expected/0/endpoints/0/interfaces/0", t -> at(t,
                "/hosts/0/expected/0/endpoints/0/interfaces/0").put("opnum", 3));
    }

    @Test
    void refusesRowsThatAreNotExactlyOneLocation() throws Exception {
        // a single port that also claims a range; a range row with a port; dynamic RPC without its range
        refused("/hosts/0/expected/1", t -> at(t, "/hosts/0/expected/1").putObject("range").put("low", 1)
                .put("high", 2));
        refused("/hosts/0/expected/4", t -> at(t, "/hosts/0/expected/4").put("port", 1024));
        refused("/hosts/0/expected/0", t -> at(t, "/hosts/0/expected/0").putNull("range"));
        refused("/hosts/0/expected/3", t -> at(t, "/hosts/0/expected/3").put("transport", "tcp"));
        // only the dynamic RPC row has endpoints
        refused("/hosts/0/expected/1", t -> at(t, "/hosts/0/expected/1").set("endpoints",
                at(t, "/hosts/0/expected/0").get("endpoints").deepCopy()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtt-ms", "DaysLeft", "9lives", "reply_bytes", "a.b"})
    void evidenceKeysAreLowerCamelCase(String key) throws Exception {
        refused("/hosts/1/expected/0/evidence/0/details", t -> at(t, "/hosts/1/expected/0/evidence/0/details")
                .put(key, "x"));
    }

    @Test
    void evidenceValuesAreStringsNumbersBooleansOrListsOfStrings() throws Exception {
        refused("/hosts/1/expected/0/evidence/0/details/daysLeft", t -> at(t,
                "/hosts/1/expected/0/evidence/0/details").putObject("daysLeft"));
        refused("/hosts/0/expected/0/evidence/0/details/ports/3", t -> ((ArrayNode) t.at(
                "/hosts/0/expected/0/evidence/0/details/ports")).add(5));
    }
}
