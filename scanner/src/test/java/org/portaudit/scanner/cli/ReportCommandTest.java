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
        assertTrue(lines.get(1).startsWith("Usage: portaudit report"), r.err());
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
}
