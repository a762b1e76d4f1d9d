package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.reports.render.Renderers;

/** 'portaudit report': a saved report.json rendered again, through the real command line. */
class ReportCommandTest {
    /** The lab run the reports module tests with (surefire runs in the module's directory). */
    private static final Path LAB = Path.of("..", "reports", "src", "test", "resources", "org", "portaudit",
            "reports", "render", "lab-report.json");

    private static AuditReport lab() throws IOException {
        try (Reader in = Files.newBufferedReader(LAB, StandardCharsets.UTF_8)) {
            return JsonRenderer.read(in);
        }
    }

    private static String render(String format, AuditReport r) throws IOException {
        StringWriter w = new StringWriter();
        Renderers.byName(format).orElseThrow().renderer().render(r, w);
        return w.toString();
    }

    private static void assertBad(String startsWith, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exit(), String.join(" ", args) + " -> " + r.err());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(0).startsWith("portaudit: " + startsWith), r.err());
        assertEquals(1, lines.size(), "one line, no usage dumped: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void everyFormatIntoADirectoryIsWhatTheOriginalRendersTo(@TempDir Path dir) throws IOException {
        assertTrue(Files.isRegularFile(LAB), LAB.toAbsolutePath().toString());
        CliRunner.Result r = CliRunner.run("report", LAB.toString(), "--format", "html,csv,junit,markdown,json,text",
                "-o", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
        AuditReport original = lab();
        for (Renderers.Format f : Renderers.all()) {
            Path file = dir.resolve(f.fileName());
            assertEquals(render(f.name(), original), Files.readString(file, StandardCharsets.UTF_8), f.name());
        }
        // The lab file is schema 1: it is written back as schema 2, and from then on JSON is lossless, byte for byte.
        String v2 = Files.readString(dir.resolve("report.json"));
        assertTrue(v2.startsWith("{\n  \"schemaVersion\" : " + AuditReport.SCHEMA_VERSION + ","), v2.substring(0, 40));
        Path again = Files.createDirectory(dir.resolve("again"));
        CliRunner.Result r2 = CliRunner.run("report", dir.resolve("report.json").toString(), "--format", "json", "-o",
                again.toString());
        assertEquals(0, r2.exit(), r2.err());
        assertEquals(v2, Files.readString(again.resolve("report.json")));
        // nothing half-written left behind
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(7, files.count(), "six reports and the folder of the second round trip");
        }
    }

    @Test
    void oneFormatToStdoutOrToAFile(@TempDir Path dir) throws IOException {
        AuditReport original = lab();
        CliRunner.Result md = CliRunner.run("report", LAB.toString(), "--format", "markdown");
        assertEquals(0, md.exit(), md.err());
        assertEquals(render("markdown", original), md.out());
        assertTrue(md.out().startsWith("# portaudit: NOT COMPLIANT"));

        CliRunner.Result text = CliRunner.run("report", LAB.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("pa-dc01 (198.18.0.10): NOT COMPLIANT"), text.out());

        Path html = dir.resolve("sub").resolve("audit.html");
        CliRunner.Result h = CliRunner.run("report", LAB.toString(), "-f", "html", "-o", html.toString());
        assertEquals(0, h.exit(), h.err());
        assertEquals(render("html", original), Files.readString(html));

        // an existing directory gets the format's own file name
        CliRunner.Result csv = CliRunner.run("report", LAB.toString(), "-f", "csv", "-o", dir.toString());
        assertEquals(0, csv.exit(), csv.err());
        assertEquals(render("csv", original), Files.readString(dir.resolve("report.csv")));
    }

    @Test
    void missingOrMalformedReportExits2WithOneLine(@TempDir Path dir) throws IOException {
        Path none = dir.resolve("none.json");
        assertBad("report file " + none + " does not exist", "report", none.toString(), "--format", "html");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"schemaVersion\": 1, \"hosts\": [");
        assertBad(broken + " is not a portaudit report: ", "report", broken.toString());
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"schemaVersion\": 99, \"hosts\": []}");
        assertBad(other + " is not a portaudit report", "report", other.toString());
        Path state = dir.resolve("state.json");
        Files.writeString(state, Files.readString(LAB).replaceFirst("\"state\" : \"closed\"", "\"state\" : \"ajar\""));
        assertBad(state + " is not a portaudit report: ", "report", state.toString());
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertBad(empty + " is not a portaudit report: ", "report", empty.toString());
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'{', '"', (byte) 0xe9, '"', '}'});
        assertBad(latin1 + " is not a portaudit report: not UTF-8 text", "report", latin1.toString());
        assertBad("cannot read report " + dir, "report", dir.toString());
    }

    @Test
    void unknownFormatExits2WithASuggestion(@TempDir Path dir) {
        assertBad("unknown format 'htlm'; did you mean 'html'? (formats: text, json, html, csv, junit, markdown)",
                "report", LAB.toString(), "--format", "csv,htlm", "-o", dir.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written when an argument is bad");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertBad("several formats need -o DIR", "report", LAB.toString(), "--format", "csv,html");
        assertBad("Missing required parameter: 'RUN.json'", "report", "--format", "html");
    }

    @Test
    void helpDocumentsFormatsAndExitCodes() {
        CliRunner.Result r = CliRunner.run("report", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("text, json, html, csv, junit"), r.out());
        assertTrue(r.out().contains("2  bad input"), r.out());
        CliRunner.Result top = CliRunner.run("--help");
        assertTrue(top.out().contains("report"), top.out());
    }

    /** The lab report as schema 2, as a tree to edit by hand. */
    private static com.fasterxml.jackson.databind.node.ObjectNode labTree() throws IOException {
        return (com.fasterxml.jackson.databind.node.ObjectNode) org.portaudit.reports.json.Json.MAPPER.readTree(
                render("json", lab()));
    }

    private static Path write(Path dir, com.fasterxml.jackson.databind.JsonNode tree) throws IOException {
        Path f = Files.createTempFile(dir, "edited", ".json");
        Files.writeString(f, org.portaudit.reports.json.Json.MAPPER.writeValueAsString(tree));
        return f;
    }

    /** One line in words, exit 2: never Jackson's or Java's ("Cannot invoke", "[Source: REDACTED", a class name). */
    private static void assertRefused(Path file, String reason) {
        CliRunner.Result r = CliRunner.run("report", file.toString(), "-f", "csv");
        assertEquals(2, r.exit(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertEquals("portaudit: " + file + " is not a portaudit report: " + reason, first);
        for (String leak : List.of("Cannot ", "[Source", "Exception", "java.", "\tat ")) {
            assertFalse(r.err().contains(leak), r.err());
        }
        assertEquals("", r.out());
    }

    @Test
    void aSchemaVersionThatIsNoWholeNumberIsRefusedInWords(@TempDir Path dir) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode t = labTree();
        t.put("schemaVersion", "1");
        assertRefused(write(dir, t), "schemaVersion must be a whole number (1 or 2), not the text \"1\"");
        t.put("schemaVersion", "2");
        assertRefused(write(dir, t), "schemaVersion must be a whole number (1 or 2), not the text \"2\"");
        t.put("schemaVersion", 2.0);
        assertRefused(write(dir, t), "schemaVersion must be a whole number (1 or 2), not 2.0");
        t.put("schemaVersion", true);
        assertRefused(write(dir, t), "schemaVersion must be a whole number (1 or 2), not true");
        t.putArray("schemaVersion").add(2);
        assertRefused(write(dir, t), "schemaVersion must be a whole number (1 or 2), not a list");
        t.putNull("schemaVersion");
        assertRefused(write(dir, t), "no schemaVersion");
        t.put("schemaVersion", 4294967298L);
        assertRefused(write(dir, t), "unsupported report schema version 4294967298 (this portaudit reads 1 and 2)");
    }

    @Test
    void aNullWhereTheSchemaWantsAListOrAnObjectIsRefusedInWords(@TempDir Path dir) throws IOException {
        record Case(String path, String member, String reason) {
        }
        List<Case> cases = List.of(
                new Case("", "hosts", "hosts is null; expected a list"),
                new Case("", "summary", "summary is null; expected an object"),
                new Case("", "options", "options is null; expected an object"),
                new Case("", "policies", "policies is null; expected a list"),
                new Case("/options", "targets", "options.targets is null; expected a list"),
                new Case("/summary", "findings", "summary.findings is null; expected an object"),
                new Case("/hosts/0", "expected", "hosts[0].expected is null; expected a list"),
                new Case("/hosts/0", "counts", "hosts[0].counts is null; expected an object"),
                new Case("/hosts/0", "target", "hosts[0].target is null; expected text"),
                new Case("/hosts/0/expected/0", "evidence", "hosts[0].expected[0].evidence is null; expected a list"),
                new Case("/hosts/0/expected/0", "requiredBy", "hosts[0].expected[0].requiredBy is null; expected a list"));
        for (Case c : cases) {
            com.fasterxml.jackson.databind.node.ObjectNode t = labTree();
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.at(c.path())).putNull(c.member());
            assertRefused(write(dir, t), c.reason());
        }
        com.fasterxml.jackson.databind.node.ObjectNode t = labTree();
        ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("hosts")).insertNull(0);
        assertRefused(write(dir, t), "hosts[0] is null; expected an object");
        t = labTree();
        ((com.fasterxml.jackson.databind.node.ArrayNode) t.at("/hosts/0/expected/0/evidence")).insertNull(1);
        assertRefused(write(dir, t), "hosts[0].expected[0].evidence[1] is null; expected an object");
        t = labTree();
        ((com.fasterxml.jackson.databind.node.ArrayNode) t.at("/hosts/0/expected/0/requiredBy")).insertNull(0);
        assertRefused(write(dir, t), "hosts[0].expected[0].requiredBy[0] is null; expected an object");
        // where the schema allows null, null is read
        t = labTree();
        t.putNull("drift");
        ((com.fasterxml.jackson.databind.node.ObjectNode) t.at("/hosts/0")).putNull("error");
        CliRunner.Result ok = CliRunner.run("report", write(dir, t).toString(), "-f", "csv");
        assertEquals(0, ok.exit(), ok.err());
    }

    /** A hand-edited report with ESC sequences and U+2028 in members the model keeps as given: printable in every format. */
    @Test
    void aHandEditedReportIsSanitisedWhenRead(@TempDir Path dir) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode t = labTree();
        String hostile = "\u001b]0;owned\u0007\u001b[2J\u2028\u202e";
        com.fasterxml.jackson.databind.node.ObjectNode source = (com.fasterxml.jackson.databind.node.ObjectNode)
                t.at("/hosts/0/expected/0/requiredBy/0/source");
        source.put("title", "title" + hostile);
        source.put("url", "https://example.test/" + hostile);
        ((com.fasterxml.jackson.databind.node.ObjectNode) t.at("/hosts/0")).put("group", "g" + hostile);
        Path file = write(dir, t);
        Path out = Files.createDirectory(dir.resolve("out"));
        CliRunner.Result r = CliRunner.run("report", file.toString(), "-f", "text,json,html,csv,junit,markdown",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (Renderers.Format f : Renderers.all()) {
            String text = Files.readString(out.resolve(f.fileName()), StandardCharsets.UTF_8);
            for (char c : new char[] {'\u001b', '\u0007', '\u2028', '\u202e'}) {
                assertEquals(-1, text.indexOf(c), f.name() + " holds U+" + Integer.toHexString(c));
            }
            if (!f.name().equals("json") && !f.name().equals("html")) {
                assertTrue(text.contains("\\u2028"), f.name() + " shows the separator as an escape");
            }
        }
    }
}
