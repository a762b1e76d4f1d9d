package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Every format shows all of the model: drift (new and resolved findings), each policy with its group, each
 * port the endpoint mapper advertised as a line of its own under the dynamic RPC row, the host's group.
 */
class WholeModelTest {
    private static final AuditReport AUDIT = Reports.audit();
    private static final Drift DRIFT = AUDIT.drift();
    private static final PortCheck RPC = AUDIT.hosts().get(0).expected().get(0);

    @Test
    void theTestReportHasWhatTheseTestsLookFor() {
        assertEquals(2, DRIFT.newFindings().size(), DRIFT.toText());
        assertEquals(1, DRIFT.resolved().size(), DRIFT.toText());
        assertEquals(List.of("pa-old01"), DRIFT.notAudited());
        assertTrue(RPC.dynamicRpc());
        assertEquals(3, RPC.endpoints().size());
    }

    private static String render(Renderer r) {
        return Reports.render(r, AUDIT);
    }

    // ---- text ----

    @Test
    void quietTextNamesOnlyTheNewFindingsOfTheDrift() {
        List<String> lines = render(new ConsoleRenderer(false, true)).lines().toList();
        for (DriftFinding f : DRIFT.newFindings()) {
            assertTrue(lines.contains("new " + f.target() + " " + f.portLabel() + " " + f.finding().word()),
                    f.portLabel() + " in\n" + String.join("\n", lines));
        }
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("resolved") || l.contains("resolved ")),
                "cron output is about what is wrong now: " + lines);
    }

    @Test
    void text() {
        List<String> lines = render(new ConsoleRenderer(false, false)).lines().toList();
        for (DriftFinding f : DRIFT.newFindings()) {
            assertTrue(has(lines, "  new ", f), "new " + f.portLabel() + " in\n" + String.join("\n", lines));
        }
        for (DriftFinding f : DRIFT.resolved()) {
            assertTrue(has(lines, "  resolved ", f), "resolved " + f.portLabel());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  not audited  pa-old01")));
        // the endpoints: the three lines right under the dynamic RPC row, in order
        int row = indexOf(lines, l -> l.contains(" dynamic-rpc/tcp "));
        for (int i = 0; i < 3; i++) {
            RpcEndpointCheck e = RPC.endpoints().get(i);
            String line = lines.get(row + 1 + i);
            assertTrue(line.contains("    " + e.port() + "/tcp") && line.contains(e.finding().word())
                    && line.contains(e.interfaces().get(0).name()), line);
        }
        assertTrue(lines.get(0).startsWith("pa-dc01 (198.18.0.10) [group dcs]: NOT COMPLIANT"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Policy of group dcs: built-in defaults only")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Policy of group web: web-policy.yaml")
                && l.contains("5900-5903/tcp until 2026-12-31")));
    }

    private static boolean has(List<String> lines, String start, DriftFinding f) {
        return lines.stream().anyMatch(l -> l.startsWith(start) && l.contains(f.target())
                && l.contains(" " + f.portLabel() + " ") && l.contains(f.finding().word()));
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such line");
    }

    // ---- JSON ----

    @Test
    void json() throws Exception {
        JsonNode n = Json.MAPPER.readTree(render(new JsonRenderer()));
        assertEquals(DRIFT.newFindings().size(), n.at("/drift/new").size());
        assertEquals(DRIFT.resolved().get(0).port().intValue(), n.at("/drift/resolved/0/port").intValue());
        assertEquals(3, n.at("/hosts/0/expected/0/endpoints").size());
        assertEquals("MS-DRSR", n.at("/hosts/0/expected/0/endpoints/1/interfaces/0/specification").asText());
        assertEquals("dcs", n.at("/hosts/0/group").asText());
        assertEquals("web", n.at("/policies/1/group").asText());
        assertEquals(AUDIT, Reports.viaJson(AUDIT));
    }

    // ---- HTML ----

    @Test
    void html() {
        org.jsoup.nodes.Document d = Jsoup.parse(render(new HtmlRenderer()));
        Element drift = d.getElementById("drift");
        assertNotNull(drift, "the drift section");
        assertTrue(drift.selectFirst("h2").text().startsWith("What changed since run 3f2a"));
        assertTrue(drift.elementSiblingIndex() < d.getElementById("overview").elementSiblingIndex(), "at the top");
        List<Element> added = drift.select("ul.drift-new > li");
        assertEquals(DRIFT.newFindings().size(), added.size());
        for (int i = 0; i < added.size(); i++) {
            DriftFinding f = DRIFT.newFindings().get(i);
            assertTrue(added.get(i).text().contains(f.portLabel() + " " + f.finding().word()), added.get(i).text());
            Element target = linked(d, added.get(i));
            assertEquals(f.finding().word(), target.attr("data-finding"));
            assertEquals("new", target.attr("data-drift"));
            assertTrue(target.selectFirst("td.port").text().equals(f.portLabel()), target.text());
        }
        List<Element> resolved = drift.select("ul.drift-resolved > li");
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).text().contains("464/tcp required-blocked (closed)"), resolved.get(0).text());
        assertEquals("464/tcp", linked(d, resolved.get(0)).selectFirst("td.port").text(), "the row as it is now");
        // every link on the page goes to an element that exists (or out to http(s))
        for (Element a : d.select("a[href^=#]")) {
            assertNotNull(d.getElementById(a.attr("href").substring(1)), a.outerHtml());
        }
        // the endpoints: one line each, inside the dynamic RPC row
        Element row = d.getElementById("host-1-tcp-dynamic-rpc");
        List<Element> endpoints = row.select("ol.endpoints > li.endpoint");
        assertEquals(3, endpoints.size());
        for (int i = 0; i < 3; i++) {
            RpcEndpointCheck e = RPC.endpoints().get(i);
            Element li = endpoints.get(i);
            assertEquals("host-1-tcp-dynamic-rpc-" + e.port(), li.id());
            assertEquals(e.finding().word(), li.attr("data-finding"));
            assertTrue(li.text().startsWith(e.port() + "/tcp " + e.state().word()), li.text());
            assertTrue(li.selectFirst("ul.interfaces").text().contains(e.interfaces().get(0).name() + " ("
                    + e.interfaces().get(0).specification() + ")"), li.text());
            assertTrue(li.text().contains("breaks " + e.interfaces().get(0).breaks()), li.text());
        }
        // hostile interface names, annotations and drift text stay text
        assertTrue(d.select("img, svg rect:not(.bar), #pwned").isEmpty());
        assertEquals(1, d.select("svg").size());
        assertEquals("dcs", d.selectFirst("#host-1 code.group").text());
        String options = d.selectFirst("details.options").text();
        assertTrue(options.contains("Policy (group dcs)") && options.contains("Policy (group web)"), options);
        assertTrue(options.contains("lab.portaudit.test"), "the domain option");
    }

    private static Element linked(org.jsoup.nodes.Document d, Element li) {
        Element a = li.selectFirst("a[href]");
        assertNotNull(a, "a link in " + li.outerHtml());
        Element target = d.getElementById(a.attr("href").substring(1));
        assertNotNull(target, "no element " + a.attr("href"));
        assertEquals("tr", target.tagName());
        return target;
    }

    // ---- CSV ----

    @Test
    void csv() {
        List<List<String>> rows = CsvRendererTest.parse(render(new CsvRenderer()));
        List<String> head = rows.get(0);
        assertEquals(CsvRenderer.COLUMNS, head);
        int drift = head.indexOf("drift");
        int under = head.indexOf("under");
        int port = head.indexOf("port");
        int finding = head.indexOf("finding");
        for (List<String> r : rows) {
            assertEquals(head.size(), r.size());
            for (String cell : r) {
                assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "formula cell: " + cell);
            }
        }
        for (DriftFinding f : DRIFT.newFindings()) {
            assertEquals(1, rows.stream().filter(r -> r.get(0).equals(f.target()) && r.get(port).equals(f.portText())
                    && r.get(finding).equals(f.finding().word()) && r.get(drift).equals("new")).count(), f.portLabel());
        }
        List<List<String>> resolved = rows.stream().filter(r -> r.get(drift).equals("resolved")).toList();
        assertEquals(1, resolved.size());
        assertEquals(List.of("pa-dc01", "198.18.0.10", "tcp", "464"), resolved.get(0).subList(0, 4));
        assertEquals("required-blocked", resolved.get(0).get(finding));
        assertEquals("closed", resolved.get(0).get(head.indexOf("state")));
        assertEquals("persisting", rows.stream().filter(r -> r.get(port).equals("443")).findFirst().orElseThrow()
                .get(drift));
        // the endpoints: three rows right under the dynamic RPC row
        int row = indexOf(rows.stream().map(r -> r.get(port)).toList(), "dynamic-rpc"::equals);
        for (int i = 0; i < 3; i++) {
            RpcEndpointCheck e = RPC.endpoints().get(i);
            List<String> r = rows.get(row + 1 + i);
            assertEquals(Integer.toString(e.port()), r.get(port));
            assertEquals("dynamic-rpc/tcp", r.get(under));
            assertEquals(e.finding().word(), r.get(finding));
            assertTrue(r.get(head.indexOf("interfaces")).startsWith(e.interfaces().get(0).name() + " ("
                    + e.interfaces().get(0).specification()), r.toString());
        }
        assertEquals("", rows.get(row + 4).get(under), "then the next row of its own");
        assertEquals(4, rows.subList(1, rows.size()).stream().filter(r -> !r.get(under).isEmpty() || r.get(port).equals("dynamic-rpc"))
                .count());
        List<String> web = rows.stream().filter(r -> r.get(port).equals("443")).findFirst().orElseThrow();
        assertEquals("web", web.get(head.indexOf("group")));
        assertTrue(web.get(head.indexOf("policy")).startsWith("web-policy.yaml, judged on 2026-12-01"));
    }

    // ---- JUnit XML ----

    @Test
    void junit() throws Exception {
        Document d = JunitXmlRendererTest.parse(render(new JunitXmlRenderer()));
        List<String> failures = attributes(d.getElementsByTagName("failure"), "message");
        for (DriftFinding f : DRIFT.newFindings()) {
            assertEquals(1, failures.stream().filter(m -> m.equals("[new] " + f.finding().word() + ": " + f.message()))
                    .count(), f.portLabel() + " in " + failures);
        }
        assertEquals(DRIFT.newFindings().size(), failures.stream().filter(m -> m.startsWith("[new] ")).count());
        List<String> props = properties(d, "resolved");
        assertEquals(1, props.size());
        assertTrue(props.get(0).startsWith("pa-dc01 464/tcp required-blocked (was closed): required port is closed"));
        List<String> names = attributes(d.getElementsByTagName("testcase"), "name");
        int row = names.indexOf("dynamic-rpc/tcp dynamic RPC");
        for (int i = 0; i < 3; i++) {
            RpcEndpointCheck e = RPC.endpoints().get(i);
            assertEquals("dynamic-rpc/tcp endpoint " + e.port() + "/tcp " + e.interfaces().get(0).name(),
                    names.get(row + 1 + i));
        }
        assertEquals(List.of("dcs", "web"), properties(d, "group"));
        List<String> policies = properties(d, "policy");
        assertTrue(policies.get(0).startsWith("built-in defaults only") && policies.get(1).startsWith(
                "web-policy.yaml"), policies.toString());
    }

    private static List<String> attributes(NodeList nodes, String attribute) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(((org.w3c.dom.Element) nodes.item(i)).getAttribute(attribute));
        }
        return out;
    }

    private static List<String> properties(Document d, String name) {
        NodeList nodes = d.getElementsByTagName("property");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            org.w3c.dom.Element p = (org.w3c.dom.Element) nodes.item(i);
            if (p.getAttribute("name").equals(name)) {
                out.add(p.getAttribute("value"));
            }
        }
        return out;
    }

    // ---- Markdown ----

    @Test
    void markdown() {
        String md = render(new MarkdownRenderer());
        List<String> lines = md.lines().toList();
        int section = indexOf(lines, l -> l.startsWith("## What changed since run 3f2a"));
        assertTrue(section < indexOf(lines, l -> l.startsWith("| Host |")), "before the hosts");
        for (DriftFinding f : DRIFT.newFindings()) {
            assertTrue(lines.contains("| new | " + f.target() + " | " + f.portLabel() + " | " + f.finding().word()
                    + " | " + f.state().word() + " | " + MarkdownRenderer.cell(f.message()) + " |"), f.portLabel());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| resolved | pa-dc01 | 464/tcp | required-blocked |")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| required-blocked (new) | 636/tcp |")), md);
        int table = indexOf(lines, l -> l.startsWith("Dynamic RPC endpoints of dynamic-rpc/tcp"));
        assertEquals("| Port | State | Finding | Message | Interfaces |", lines.get(table + 2));
        for (int i = 0; i < 3; i++) {
            RpcEndpointCheck e = RPC.endpoints().get(i);
            List<String> cells = MarkdownRendererTest.cells(lines.get(table + 4 + i));
            assertEquals(5, cells.size(), lines.get(table + 4 + i));
            assertEquals(List.of(e.port() + "/tcp", e.state().word(), e.finding().word()), cells.subList(0, 3));
            assertTrue(cells.get(4).startsWith(e.interfaces().get(0).name() + " (" + e.interfaces().get(0)
                    .specification()), cells.get(4));
        }
        assertFalse(lines.get(table + 7).startsWith("|"), "three endpoint rows");
        assertFalse(md.contains("<"), "no raw HTML from interface names or drift");
        assertTrue(md.contains("## pa-dc01 (198.18.0.10), group dcs: NOT COMPLIANT"));
        assertTrue(md.contains("Policy of group web: web-policy.yaml"));
    }
}
