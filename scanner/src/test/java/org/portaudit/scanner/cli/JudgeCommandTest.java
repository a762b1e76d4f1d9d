package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portaudit judge --nmap-xml} through the real command line: the report as scan writes it (console, --json,
 * -o with report.json and the formats, the exit codes), its nmap source recorded, and every bad report one line,
 * exit 2.
 */
class JudgeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String WEB = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE nmaprun>
            <nmaprun scanner="nmap" args="nmap -sT -p 22,80,443 web01" start="1796409001" version="7.93" xmloutputversion="1.05">
            <scaninfo type="connect" protocol="tcp" numservices="3" services="22,80,443"/>
            <host><status state="up" reason="user-set" reason_ttl="0"/>
            <address addr="198.18.0.20" addrtype="ipv4"/>
            <hostnames><hostname name="web01" type="user"/></hostnames>
            <ports>
            <port protocol="tcp" portid="22"><state state="closed" reason="conn-refused" reason_ttl="0"/></port>
            <port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="0"/><service name="http" method="table" conf="3"/></port>
            <port protocol="tcp" portid="443"><state state="STATE443" reason="REASON443" reason_ttl="0"/></port>
            </ports></host>
            <runstats><finished time="1796409003" exit="success"/></runstats>
            </nmaprun>
            """;

    @TempDir
    Path dir;

    private Path report(String name, String xml) throws Exception {
        return Files.writeString(dir.resolve(name), xml);
    }

    private Path web(String state443, String reason443) throws Exception {
        return report("web.xml", WEB.replace("STATE443", state443).replace("REASON443", reason443));
    }

    private static CliRunner.Result run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRunner.run(args), String.join(" ", args));
    }

    private static JsonNode check(JsonNode host, String port) {
        for (JsonNode c : host.get("expected")) {
            if (c.get("transport").asText().equals("tcp") && c.get("port").asText().equals(port)) {
                return c;
            }
        }
        throw new AssertionError("no " + port + "/tcp in " + host);
    }

    @Test
    void aCompliantHostExits0AndTheReportSaysItsSourceWasNmap() throws Exception {
        Path xml = web("open", "syn-ack");
        CliRunner.Result r = run("judge", "--nmap-xml", xml.toString(), "--role", "web-server", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = JSON.readTree(r.out());
        JsonNode source = report.get("options").get("source");
        assertEquals("nmap-xml", source.get("kind").asText());
        assertEquals(xml.toString(), source.get("file").asText());
        assertEquals("nmap", source.get("scanner").asText());
        assertEquals("7.93", source.get("version").asText());
        assertEquals("nmap -sT -p 22,80,443 web01", source.get("args").asText());
        assertEquals("connect/tcp", source.get("scanType").asText());
        assertEquals("2026-12-04T18:30:01Z", report.get("startedAt").asText(), "the time nmap scanned");
        assertEquals(2.0, report.get("durationSeconds").asDouble());
        JsonNode host = report.get("hosts").get(0);
        assertEquals("web01", host.get("target").asText());
        assertEquals("198.18.0.20", host.get("address").asText());
        assertEquals("ok", check(host, "80").get("finding").asText());
        assertEquals("nmap: syn-ack (open in nmap 7.93's connect scan); nmap names the service http, from the port "
                + "number only", check(host, "80").get("evidence").get(0).get("summary").asText());
        assertEquals("not-checked", check(host, "42424").get("finding").asText());
        assertEquals("not scanned: nmap's connect scan did not cover 42424/tcp",
                check(host, "42424").get("message").asText());
    }

    @Test
    void findingsExit1AndDashOWritesWhatScanWrites() throws Exception {
        Path xml = report("web.xml", WEB.replace("STATE443", "filtered").replace("REASON443", "no-response")
                .replace("portid=\"22\"><state state=\"closed\" reason=\"conn-refused\"",
                        "portid=\"22\"><state state=\"open\" reason=\"syn-ack\""));
        Path out = dir.resolve("out");
        CliRunner.Result r = run("judge", "--nmap-xml", xml.toString(), "--role", "web-server", "--json",
                "-o", out.toString(), "-f", "html,csv,junit,markdown,text");
        assertEquals(1, r.exit(), r.err());
        JsonNode printed = JSON.readTree(r.out());
        // 443 is conditional: filtered with nothing to say it is needed, so dropped (as scan says).
        assertEquals("dropped", check(printed.get("hosts").get(0), "443").get("finding").asText());
        JsonNode ssh = printed.get("hosts").get(0).get("unexpected").get(0);
        assertEquals(22, ssh.get("port").asInt());
        assertEquals("unexpected-open", ssh.get("finding").asText());
        assertEquals(printed, JSON.readTree(Files.readString(out.resolve("report.json"))), "report.json is what --json printed");
        for (String f : new String[] {"report.html", "report.csv", "report-junit.xml", "report.md", "report.txt"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("Judged from"));
        assertTrue(Files.readString(out.resolve("report.md")).contains("Judged from nmap 7.93 XML report " + xml));
        // Console: the table, and the source named under the summary.
        CliRunner.Result text = run("judge", "--nmap-xml", xml.toString(), "--role", "web-server", "--fail-on", "none");
        assertEquals(0, text.exit(), "--fail-on none: " + text.err());
        assertTrue(text.out().contains("Judged from nmap 7.93 XML report " + xml + " (connect/tcp): nmap -sT -p 22,80,443 web01"),
                text.out());
        // report.json read back keeps the source.
        CliRunner.Result again = run("report", out.resolve("report.json").toString(), "-f", "json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(printed.get("options"), JSON.readTree(again.out()).get("options"));
    }

    @Test
    void aRequiredPortNmapFoundClosedIsBlocked() throws Exception {
        Path xml = report("web.xml", WEB.replace("STATE443", "open").replace("REASON443", "syn-ack")
                .replace("portid=\"80\"><state state=\"open\" reason=\"syn-ack\"", "portid=\"80\"><state state=\"closed\" reason=\"conn-refused\""));
        CliRunner.Result r = run("judge", "--nmap-xml", xml.toString(), "--role", "web-server", "-q");
        assertEquals(1, r.exit(), r.err());
        assertEquals("web01 (198.18.0.20): required-blocked 80/tcp closed (HTTP)", r.out().strip());
    }

    @Test
    void everyHostDownExits3() throws Exception {
        Path xml = report("down.xml", WEB.replace("<status state=\"up\" reason=\"user-set\"", "<status state=\"down\" reason=\"no-response\"")
                .replace("STATE443", "open").replace("REASON443", "syn-ack"));
        CliRunner.Result r = run("judge", "--nmap-xml", xml.toString(), "--role", "web-server");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().startsWith("portaudit: no target resolved (nmap reported the host down (no-response)"), r.err());
    }

    private String bad(String... args) {
        CliRunner.Result r = run(args);
        assertEquals(2, r.exit(), String.join(" ", args) + " -> " + r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        return r.err().lines().findFirst().orElse("");
    }

    private String badReport(Path xml) {
        return bad("judge", "--nmap-xml", xml.toString(), "--role", "web-server");
    }

    @Test
    void badReportsAndBadInputExit2InOneLine() throws Exception {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE nmaprun [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><nmaprun scanner=\"nmap\">&l9;</nmaprun>");
        Path bomb = report("bomb.xml", laughs.toString());
        assertEquals("portaudit: " + bomb + ":1: a DOCTYPE with declarations or an external DTD is refused (nmap "
                + "writes only <!DOCTYPE nmaprun>): entities are never expanded", badReport(bomb));
        Path html = report("page.xml", "<html/>");
        assertEquals("portaudit: " + html + ":1: not an nmap XML report: the root element is <html>, not <nmaprun>",
                badReport(html));
        String whole = Files.readString(web("open", "syn-ack"));
        Path cut = report("cut.xml", whole.substring(0, whole.indexOf("</ports>")));
        assertTrue(badReport(cut).startsWith("portaudit: " + cut + ":"), badReport(cut));
        assertTrue(badReport(cut).contains("not a readable nmap XML report"), badReport(cut));
        Path fifo = dir.resolve("fifo.xml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        assertEquals("portaudit: " + fifo + ": not a regular file (a FIFO)", badReport(fifo));
        assertEquals("portaudit: " + dir.resolve("none.xml") + ": no such file", badReport(dir.resolve("none.xml")));
        Path name = report("name.xml", WEB.replace("198.18.0.20", "web01.example").replace("STATE443", "open")
                .replace("REASON443", "syn-ack"));
        assertTrue(badReport(name).startsWith("portaudit: " + name + ": a host's address is not an IP address"),
                badReport(name));

        Path ok = web("open", "syn-ack");
        assertEquals("portaudit: unknown role 'web-sever'; did you mean 'web-server'? ('portaudit roles' lists them)",
                bad("judge", "--nmap-xml", ok.toString(), "--role", "web-sever"));
        assertEquals("portaudit: Missing required option: '--nmap-xml=FILE' (see 'portaudit judge --help')", bad("judge", "--role", "web-server"));
        assertEquals("portaudit: --fail-on new compares runs: use it with 'portaudit audit'",
                bad("judge", "--nmap-xml", ok.toString(), "--role", "web-server", "--fail-on", "new"));
        assertTrue(bad("judge", "--nmap-xml", ok.toString(), "--role", "web-server", "--unexpected", "ssh")
                .startsWith("portaudit: bad --unexpected: "));
    }
}
