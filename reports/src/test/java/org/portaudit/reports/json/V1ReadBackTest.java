package org.portaudit.reports.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.RpcInterfaceRef;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.reports.render.Renderer;
import org.portaudit.reports.render.Renderers;
import org.portaudit.reports.render.Reports;

/**
 * Schema 1 reports, as portaudit 0.1.0 wrote them (a scan of the lab's Samba DC and nginx, an inventory audit
 * with drift, the old renderer fixture), read back as schema 2: everything they say is still there, compared
 * with the raw schema 1 tree, and what comes out is a valid, stable schema 2 report.
 */
class V1ReadBackTest {
    private static final Pattern RPC_PORT = Pattern.compile("(\\d+)/tcp");
    private static final String[] FIXTURES = {"v1-scan.json", "v1-audit.json", "../render/lab-report.json"};

    private static String fixture(String name) {
        try (InputStream in = V1ReadBackTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static AuditReport read(String json) throws IOException {
        return ReportReader.read(new StringReader(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-scan.json", "v1-audit.json", "../render/lab-report.json"})
    void readsBackWithEveryHostPortStateFindingAndMessage(String name) throws Exception {
        String json = fixture(name);
        JsonNode v1 = Json.MAPPER.readTree(json);
        assertEquals(1, v1.get("schemaVersion").intValue(), "a schema 1 fixture");
        AuditReport r = read(json);
        assertEquals(AuditReport.SCHEMA_VERSION, r.schemaVersion());
        assertEquals(v1.get("tool").asText(), r.tool());
        assertEquals(v1.get("startedAt").asText(), r.startedAt());
        assertEquals(v1.at("/options/failOn").size(), r.options().failOn().size());
        assertEquals(withKindsSince1(v1.at("/summary/findings")), Json.MAPPER.valueToTree(r.summary().findings()));
        assertEquals(v1.get("hosts").size(), r.hosts().size());
        for (int i = 0; i < r.hosts().size(); i++) {
            JsonNode h1 = v1.get("hosts").get(i);
            HostReport h = r.hosts().get(i);
            assertEquals(h1.get("target").asText(), h.target());
            assertEquals(text(h1.get("address")), h.address());
            assertEquals(text(h1.get("error")), h.error());
            assertEquals(h1.get("compliant").asBoolean(), h.compliant());
            assertEquals(withKindsSince1(h1.get("counts")), Json.MAPPER.valueToTree(h.counts()));
            assertNull(h.group(), "schema 1 had no groups");
            assertEquals(h1.get("expected").size(), h.expected().size());
            for (int j = 0; j < h.expected().size(); j++) {
                JsonNode c1 = h1.get("expected").get(j);
                PortCheck c = h.expected().get(j);
                String where = h.target() + " " + c1.get("port").asText() + "/" + c1.get("transport").asText();
                assertEquals(c1.get("transport").asText(), c.transport().id(), where);
                assertEquals(c1.get("port").asText(), c.portText(), where);
                assertEquals(text(c1.get("state")), c.state() == null ? null : c.state().word(), where);
                assertEquals(c1.get("finding").asText(), c.finding().word(), where);
                assertEquals(c1.get("message").asText(), c.message(), where);
                assertEquals(c1.get("level").asText(), c.level().id(), where);
                assertEquals(c1.get("requiredBy").size(), c.requiredBy().size(), where);
                evidence(where, c1.get("evidence"), c.evidence());
                if (c.dynamicRpc()) {
                    endpoints(where, c1, c);
                } else {
                    assertEquals(List.of(), c.endpoints(), where);
                }
            }
            assertEquals(h1.get("unexpected").size(), h.unexpected().size());
            for (int j = 0; j < h.unexpected().size(); j++) {
                JsonNode u1 = h1.get("unexpected").get(j);
                UnexpectedPort u = h.unexpected().get(j);
                assertEquals(u1.get("port").intValue(), u.port());
                assertEquals(u1.get("transport").asText(), u.transport().id());
                assertEquals(u1.get("state").asText(), u.state().word());
                assertEquals(u1.get("finding").asText(), u.finding().word());
                assertEquals(u1.get("message").asText(), u.message());
                assertEquals(text(u1.get("name")), u.name());
                evidence(u.portLabel(), u1.get("evidence"), u.evidence());
            }
        }
        policies(v1, r);
        drift(v1, r);
    }

    /** Every schema 1 detail is there in the one key style, with the same text; only rtt-ms is dropped. */
    private static void evidence(String where, JsonNode list1, List<Evidence> list) {
        assertEquals(list1.size(), list.size(), where);
        for (int k = 0; k < list.size(); k++) {
            JsonNode e1 = list1.get(k);
            Evidence e = list.get(k);
            assertEquals(e1.get("probe").asText(), e.probe(), where);
            assertEquals(text(e1.get("summary")), e.summary(), where);
            assertEquals(e1.get("matched").asBoolean(), e.matched(), where);
            e1.get("details").fields().forEachRemaining(f -> {
                if (f.getKey().equals("rtt-ms") || RPC_PORT.matcher(f.getKey()).matches()) {
                    return; // the row's rttMillis; the mapper's listing became endpoints
                }
                String key = Evidence.key(f.getKey());
                assertEquals(f.getValue().asText(), e.text(key).orElse(null), where + " " + f.getKey());
            });
            assertTrue(e.details().keySet().stream().allMatch(key -> Evidence.KEY.matcher(key).matches()), where);
        }
    }

    /** One endpoint per TCP port the mapper advertised (135, the mapper itself, aside), state and names kept. */
    private static void endpoints(String where, JsonNode c1, PortCheck c) {
        Map<Integer, String> advertised = new LinkedHashMap<>();
        for (JsonNode e1 : c1.get("evidence")) {
            if (e1.get("probe").asText().equals("rpc-epm")) {
                e1.get("details").fields().forEachRemaining(f -> {
                    Matcher m = RPC_PORT.matcher(f.getKey());
                    if (m.matches() && !m.group(1).equals("135")) {
                        advertised.put(Integer.parseInt(m.group(1)), f.getValue().asText());
                    }
                });
            }
        }
        assertEquals(advertised.size(), c.endpoints().size(), where);
        List<Integer> ports = new ArrayList<>();
        for (RpcEndpointCheck e : c.endpoints()) {
            ports.add(e.port());
            String v1 = advertised.get(e.port());
            String state = v1.substring(0, v1.indexOf(':'));
            assertEquals(state, e.state().word(), where + " " + e.port());
            assertEquals(state.equals("open") ? FindingKind.OK : FindingKind.valueOf(c.finding().name()), e.finding(),
                    where + " " + e.port());
            List<String> names = new ArrayList<>();
            for (String n : v1.substring(v1.indexOf(':') + 1).split(",")) {
                names.add(n.trim());
            }
            assertEquals(names, e.interfaces().stream().map(RpcInterfaceRef::name).toList(), where + " " + e.port());
        }
        assertEquals(new ArrayList<>(advertised.keySet()), ports, where);
    }

    private static void policies(JsonNode v1, AuditReport r) {
        JsonNode p1 = v1.get("policy");
        if (p1 == null || p1.isNull()) {
            assertEquals(List.of(), r.policies());
            return;
        }
        assertEquals(1, r.policies().size());
        var p = r.policies().get(0);
        assertNull(p.group());
        assertEquals(text(p1.get("file")), p.file());
        assertEquals(p1.get("date").asText(), p.date());
        for (String list : List.of("builtIn", "exceptions", "expired")) {
            List<PolicyRule> rules = list.equals("builtIn") ? p.builtIn() : list.equals("exceptions") ? p.exceptions()
                    : p.expired();
            assertEquals(p1.get(list).size(), rules.size(), list);
            for (int i = 0; i < rules.size(); i++) {
                JsonNode r1 = p1.get(list).get(i);
                assertEquals(r1.get("ports").asText(), rules.get(i).portsText(), list + " " + i);
                assertEquals(r1.get("rule").asText(), rules.get(i).rule().word());
                assertEquals(text(r1.get("reason")), rules.get(i).reason());
                assertEquals(text(r1.get("expires")), rules.get(i).expires());
            }
        }
    }

    private static void drift(JsonNode v1, AuditReport r) {
        JsonNode d1 = v1.get("drift");
        if (d1 == null || d1.isNull()) {
            assertNull(r.drift());
            return;
        }
        assertEquals(text(d1.get("since")), r.drift().since());
        findings(d1.get("new"), r.drift().newFindings());
        findings(d1.get("resolved"), r.drift().resolved());
        findings(d1.get("persisting"), r.drift().persisting());
        List<String> notAudited = new ArrayList<>();
        d1.get("notAudited").forEach(n -> notAudited.add(n.asText()));
        assertEquals(notAudited, r.drift().notAudited());
        assertEquals(d1.get("counts"), Json.MAPPER.valueToTree(r.drift().counts()));
    }

    private static void findings(JsonNode list1, List<DriftFinding> list) {
        assertEquals(list1.size(), list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode f1 = list1.get(i);
            DriftFinding f = list.get(i);
            assertEquals(f1.get("target").asText(), f.target());
            assertEquals(f1.get("transport").asText() + " " + f1.get("port").asText() + " " + f1.get("finding")
                    .asText(), f.transport().id() + " " + f.portText() + " " + f.finding().word());
            assertEquals(text(f1.get("state")), f.state() == null ? null : f.state().word());
            assertEquals(f1.get("message").asText(), f.message());
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    @Test
    void theFixturesHaveWhatTheseTestsLookFor() throws Exception {
        AuditReport scan = read(fixture("v1-scan.json"));
        PortCheck rpc = scan.hosts().get(0).expected().stream().filter(PortCheck::dynamicRpc).findFirst().orElseThrow();
        assertEquals(List.of(49152, 49153, 49154), rpc.endpoints().stream().map(RpcEndpointCheck::port).toList());
        assertEquals(List.of("netlogon", "mgmt"), rpc.endpoints().get(0).interfaces().stream()
                .map(RpcInterfaceRef::name).toList());
        assertEquals(49152, rpc.range().low());
        assertFalse(scan.policies().isEmpty(), "the scan fixture has a policy");
        AuditReport audit = read(fixture("v1-audit.json"));
        assertEquals(1, audit.drift().newFindings().size());
        DriftFinding added = audit.drift().newFindings().get(0);
        assertTrue(added.dynamicRpc() && added.finding() == FindingKind.REQUIRED_BLOCKED, added.toString());
        PortCheck blocked = audit.hosts().get(0).expected().stream().filter(PortCheck::dynamicRpc).findFirst()
                .orElseThrow();
        assertEquals(3, blocked.endpoints().size());
        assertTrue(blocked.endpoints().stream().allMatch(e -> e.finding() == FindingKind.REQUIRED_BLOCKED
                && e.state().word().equals("filtered")), blocked.endpoints().toString());
    }

    /** Upgraded, a schema 1 report is a valid schema 2 one, and a second round trip writes the same bytes. */
    @Test
    void upgradedReportsAreValidAndStable() throws Exception {
        for (String name : FIXTURES) {
            AuditReport once = read(fixture(name));
            String v2 = Reports.render(new JsonRenderer(), once); // validates against the schema
            ReportSchemaCheck.assertValid(v2);
            assertTrue(v2.contains("\"schemaVersion\" : 2"), name);
            AuditReport twice = read(v2);
            assertEquals(once, twice, name);
            assertEquals(v2, Reports.render(new JsonRenderer(), twice), name);
            assertEquals(v2, Reports.render(new JsonRenderer(), read(Reports.render(new JsonRenderer(), twice))),
                    name);
            for (Renderers.Format f : Renderers.all()) {
                Renderer r = f.renderer();
                assertEquals(Reports.render(r, once), Reports.render(r, twice), name + " as " + f.name());
            }
        }
    }

    // ---- bad input: one line, saying what, never a Java class or a quoted chunk of the input ----

    private static String refused(String json) {
        IOException e = assertThrows(IOException.class, () -> read(json));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertFalse(m.contains("[Source:"), m);
        assertFalse(Pattern.compile("\\b(com|java|org|javax)\\.[a-z]+\\.").matcher(m).find(), "a class name: " + m);
        assertFalse(m.contains("Exception") || m.contains("jackson"), m);
        return m;
    }

    private static String v2With(java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(Reports.render(new JsonRenderer(), Reports.audit()));
        change.accept(tree);
        return Json.MAPPER.writeValueAsString(tree);
    }

    @Test
    void notJson() {
        String m = refused("{\"schemaVersion\": 2, \"hosts\": [ nope");
        assertTrue(m.startsWith("not JSON: "), m);
        assertTrue(m.contains("line 1"), m);
        assertTrue(refused("").startsWith("not a portaudit report"));
        assertTrue(refused("[1, 2]").startsWith("not a portaudit report"));
    }

    @Test
    void schemaVersionMustBeANumberWeRead() throws Exception {
        String asText = refused(v2With(t -> t.put("schemaVersion", "1")));
        assertTrue(asText.contains("schemaVersion"), asText);
        assertTrue(refused(fixture("v1-scan.json").replaceFirst("\"schemaVersion\" : 1", "\"schemaVersion\" : \"1\""))
                .contains("schemaVersion"));
        String three = refused(v2With(t -> t.put("schemaVersion", 3)));
        assertTrue(three.contains("unsupported report schema version 3"), three);
        assertTrue(refused(v2With(t -> t.remove("schemaVersion"))).contains("schemaVersion"));
    }

    @Test
    void aPortAsAStringInASchema2ReportIsRefused() throws Exception {
        String m = refused(v2With(t -> ((ObjectNode) t.at("/hosts/0/expected/1")).put("port", "636")));
        assertTrue(m.contains("hosts[0].expected[1].port"), m);
        String endpoint = refused(v2With(t -> ((ObjectNode) t.at("/hosts/0/expected/0/endpoints/0"))
                .put("port", "49152")));
        assertTrue(endpoint.contains("endpoints[0].port"), endpoint);
    }

    @Test
    void anUnknownFindingWordIsRefused() throws Exception {
        String m = refused(v2With(t -> ((ObjectNode) t.at("/hosts/0/expected/1")).put("finding", "blocked")));
        assertTrue(m.contains("unknown finding 'blocked'"), m);
        String v1 = refused(fixture("v1-scan.json").replaceFirst("\"finding\" : \"ok\"", "\"finding\" : \"fine\""));
        assertTrue(v1.contains("unknown finding 'fine'"), v1);
    }

    @Test
    void otherBadSchema2Input() throws Exception {
        assertTrue(refused(v2With(t -> ((ObjectNode) t.at("/hosts/0/expected/1")).put("transport", "sctp")))
                .contains("transport"));
        assertTrue(refused(v2With(t -> ((ObjectNode) t.at("/hosts/0/expected/1")).put("port", 70000)))
                .contains("70000"));
        assertTrue(refused(v2With(t -> ((ObjectNode) t.at("/hosts/0/expected/1")).put("state", "half-open")))
                .contains("half-open"));
    }

    /** A schema 1 count map with the kinds added since (misconfigured, weak-tls, dropped), at zero: schema 1 never had them. */
    private static JsonNode withKindsSince1(JsonNode counts) {
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.object();
        counts.fields().forEachRemaining(f -> {
            if (f.getKey().equals("unverified")) {
                out.put("misconfigured", 0);
                out.put("weak-tls", 0);
            }
            if (f.getKey().equals("not-checked")) {
                out.put("dropped", 0);
            }
            out.set(f.getKey(), f.getValue());
        });
        return out;
    }
}
