package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'portaudit report a.json b.json': the flow matrix of two real scans of loopback, through the command line. */
class FlowMatrixCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A real scan of 127.0.0.1 as a domain controller, --from {@code who}, written to DIR/who/report.json. */
    private Path scan(String who) {
        Path out = dir.resolve(who);
        CliRunner.Result r = CliRunner.run("scan", "--host", "127.0.0.1", "--role", "domain-controller", "--from", who,
                "--unexpected", "none", "--timeout", "300", "--retries", "0", "--fail-on", "none", "--connect-only",
                "-o", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        return out.resolve("report.json");
    }

    /** The row of {@code port} ("25/tcp"), or null. */
    static JsonNode row(JsonNode matrix, String port) {
        for (JsonNode r : matrix.get("rows")) {
            if ((r.get("port").asText() + "/" + r.get("transport").asText()).equals(port)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void twoVantagesOneMatrix() throws Exception {
        Path client = scan("client");
        Path peer = scan("domain-controller");
        CliRunner.Result r = CliRunner.run("report", client.toString(), peer.toString(), "-f", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = JSON.readTree(r.out());
        assertEquals("portaudit.flow/1", m.get("schema").asText());
        // both were run from 127.0.0.1: the file names tell the columns apart
        assertEquals("127.0.0.1 (" + client + ")", m.get("columns").get(0).get("label").asText());
        assertEquals("127.0.0.1 (" + peer + ")", m.get("columns").get(1).get("label").asText());
        assertEquals("client", m.get("columns").get(0).get("from").asText());
        JsonNode smtp = row(m, "25/tcp");
        JsonNode netbios = row(m, "137/udp");
        JsonNode ldap = row(m, "389/tcp");
        assertNotNull(smtp);
        assertTrue(smtp.get("cells").get(0).isNull(), "a client's view does not look at SMTP replication: " + smtp);
        // conditional (only where intersite replication uses SMTP): closed is no finding
        assertEquals("ok", smtp.get("cells").get(1).get("finding").asText(), smtp.toString());
        assertEquals("closed", smtp.get("cells").get(1).get("state").asText(), smtp.toString());
        assertTrue(netbios.get("cells").get(1).isNull(), netbios.toString());
        assertFalse(netbios.get("cells").get(0).isNull(), netbios.toString());
        assertFalse(ldap.get("cells").get(0).isNull() || ldap.get("cells").get(1).isNull(), ldap.toString());

        CliRunner.Result text = CliRunner.run("report", client.toString(), peer.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("Flow matrix: which vantage reaches which port of which host (2 reports"),
                text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("127\\.0\\.0\\.1 +25/tcp +- +ok \\(closed\\)")),
                text.out());

        Path out = dir.resolve("flow");
        CliRunner.Result all = CliRunner.run("report", client.toString(), peer.toString(), "-f",
                "text,json,html,markdown", "-o", out.toString());
        assertEquals(0, all.exit(), all.err());
        assertEquals(List.of("flow-matrix.html", "flow-matrix.json", "flow-matrix.md", "flow-matrix.txt"),
                Files.list(out).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals(text.out(), Files.readString(out.resolve("flow-matrix.txt"), StandardCharsets.UTF_8));

        // one report alone is rendered as before
        CliRunner.Result one = CliRunner.run("report", client.toString());
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().startsWith("127.0.0.1: "), one.out());
    }

    @Test
    void badUseIsOneLineAndExit2() throws Exception {
        Path client = scan("client");
        String c = client.toString();
        assertBad("the flow matrix of several reports renders as text, json, html or markdown, not csv",
                "report", c, c, "-f", "csv");
        assertBad("report file " + dir.resolve("none.json") + " does not exist",
                "report", c, dir.resolve("none.json").toString());
        assertBad("several formats need -o DIR (one file each); stdout takes one", "report", c, c, "-f", "json,html");
    }

    private static void assertBad(String line, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exit(), String.join(" ", args) + " " + r.err());
        assertEquals("portaudit: " + line, r.err().lines().findFirst().orElseThrow(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }
}
