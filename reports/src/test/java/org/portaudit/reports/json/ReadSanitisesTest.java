package org.portaudit.reports.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.render.Renderer;
import org.portaudit.reports.render.Renderers;
import org.portaudit.reports.render.Reports;

/**
 * A hand-edited report.json is hostile: whichever string of it holds ESC, BEL, NUL, U+2028 or a bidi override,
 * no format rendered from it carries them raw.
 */
class ReadSanitisesTest {
    /** A terminal retitle, a screen clear, NUL, and the invisible ones. */
    private static final String PAYLOAD = "\u001b]0;owned\u0007\u001b[2J\u0000\u2028\u2029\u202e\u200b\ufeff\u0085";

    @Test
    void everyStringOfAReportIsMadePrintableOnRead() throws IOException {
        int checked = 0;
        for (AuditReport original : List.of(Reports.hostile(), Reports.audit())) {
            JsonNode tree = Json.MAPPER.readTree(json(original));
            List<List<Object>> paths = new ArrayList<>();
            strings(tree, new ArrayList<>(), paths);
            for (List<Object> path : paths) {
                JsonNode edited = tree.deepCopy();
                inject(edited, path);
                AuditReport read;
                try {
                    read = ReportReader.read(new StringReader(Json.MAPPER.writeValueAsString(edited)));
                } catch (IOException refused) {
                    continue; // a word set's member (a state, a finding) with garbage in it is refused: also fine
                }
                for (Renderers.Format f : Renderers.all()) {
                    assertPrintable(render(f.renderer(), read), f.name() + " at " + path);
                }
                checked++;
            }
        }
        assertTrue(checked > 100, "strings checked: " + checked);
    }

    @Test
    void whatPortauditWroteReadsBackUnchanged() throws IOException {
        for (AuditReport original : List.of(Reports.lab(), Reports.hostile(), Reports.audit())) {
            JsonNode tree = Json.MAPPER.readTree(json(original));
            assertEquals(tree, ReportReader.printable(tree.deepCopy()));
        }
    }

    private static void assertPrintable(String out, String where) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            int type = Character.getType(c);
            boolean bad = Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t'
                    || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (bad) {
                fail(where + ": U+" + String.format("%04X", (int) c) + " near '"
                        + out.substring(Math.max(0, i - 40), i).replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
    }

    private static String json(AuditReport r) throws IOException {
        StringWriter w = new StringWriter();
        Renderers.byName("json").orElseThrow().renderer().render(r, w);
        return w.toString();
    }

    private static String render(Renderer r, AuditReport report) throws IOException {
        StringWriter w = new StringWriter();
        r.render(report, w);
        return w.toString();
    }

    private static void strings(JsonNode n, List<Object> at, List<List<Object>> out) {
        if (n.isTextual()) {
            out.add(List.copyOf(at));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                at.add(i);
                strings(n.get(i), at, out);
                at.remove(at.size() - 1);
            }
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                at.add(e.getKey());
                strings(e.getValue(), at, out);
                at.remove(at.size() - 1);
            }
        }
    }

    private static void inject(JsonNode root, List<Object> path) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            parent = step instanceof Integer k ? parent.get(k) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer k) {
            ArrayNode a = (ArrayNode) parent;
            a.set(k, TextNode.valueOf(a.get(k).textValue() + PAYLOAD));
        } else {
            ObjectNode o = (ObjectNode) parent;
            o.set((String) last, TextNode.valueOf(o.get((String) last).textValue() + PAYLOAD));
        }
    }
}
