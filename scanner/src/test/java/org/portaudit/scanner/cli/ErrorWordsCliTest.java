package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is exit 2 in one line of words; --verbose adds the stack trace the README promises. */
class ErrorWordsCliTest {

    private static String first(CliRunner.Result r) {
        return r.err().lines().findFirst().orElse("");
    }

    @Test
    void aBadDomainIsBadInputFoundBeforeAnyProbe() {
        String[][] cases = {
            {"bad domain!", "bad domain 'bad domain!': labels hold letters, digits and inner hyphens only"},
            {"a..b", "bad domain 'a..b': an empty label"},
            {"corp", "bad domain 'corp': one label only"},
            {"-x.test", "bad domain '-x.test': labels hold letters, digits and inner hyphens only"},
            {"x\u001b[2J.test", "bad domain 'x\\x1B[2J.test': labels hold letters, digits and inner hyphens only"},
            {"a".repeat(64) + ".test", "bad domain '" + "a".repeat(64) + ".test': a label longer than 63 characters"},
        };
        for (String[] c : cases) {
            // 192.0.2.1 (TEST-NET-1) is never probed: the domain is refused first
            CliRunner.Result r = CliRunner.run("scan", "--host", "192.0.2.1", "--unexpected", "none", "--domain", c[0],
                    "-r", "dns-server");
            assertEquals(2, r.exit(), c[0] + " -> " + r.err());
            assertEquals("portaudit: --domain: " + c[1] + "; expected a DNS domain such as corp.example", first(r));
            assertEquals("", r.out());
        }
        CliRunner.Result longOne = CliRunner.run("scan", "--host", "192.0.2.1", "--domain", "a.".repeat(200) + "b",
                "-r", "dns-server");
        assertEquals(2, longOne.exit(), longOne.err());
        assertTrue(first(longOne).contains("longer than 253 characters"), first(longOne));
        assertTrue(first(longOne).length() < 200, "the domain is quoted short: " + first(longOne));
    }

    @Test
    void aBadInventoryDomainIsBadInputToo(@TempDir Path dir) throws IOException {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "name: t\ngroups:\n  - name: g\n    roles: [domain-controller]\n    domain: "
                + "a".repeat(64) + ".test\n");
        CliRunner.Result r = CliRunner.run("audit", "--inventory", inv.toString(), "--unexpected", "none");
        assertEquals(2, r.exit(), r.err());
        assertTrue(first(r).startsWith("portaudit: bad inventory: "), first(r));
        assertTrue(first(r).contains("inventory.yaml:5: bad domain 'aaaa"), first(r));
        assertTrue(first(r).endsWith(" a label longer than 63 characters; expected a DNS domain such as corp.example"),
                first(r));
    }

    @Test
    void aMissingHostsFileOfAnInventoryIsBadInput(@TempDir Path dir) throws IOException {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "name: t\ngroups:\n  - name: g\n    roles: [dns-server]\n    hostsFiles: [gone.txt]\n");
        CliRunner.Result r = CliRunner.run("audit", "--inventory", inv.toString(), "--unexpected", "none");
        assertEquals(2, r.exit(), r.err());
        assertEquals("portaudit: bad inventory: " + dir.resolve("gone.txt") + ": hosts file does not exist", first(r));
    }

    @Test
    void verboseAddsTheStackTraceOfBadInputAndOfWhatWasBehindIt(@TempDir Path dir) throws IOException {
        Path report = Files.writeString(dir.resolve("report.json"), "{\"schemaVersion\": \"1\"}");
        CliRunner.Result plain = CliRunner.run("report", report.toString());
        assertEquals(2, plain.exit());
        assertFalse(plain.err().contains("\tat "), plain.err());
        for (String[] args : new String[][] {{"report", report.toString(), "--verbose"},
            {"--verbose", "report", report.toString()}, {"report", "-v", report.toString()}}) {
            CliRunner.Result verbose = CliRunner.run(args);
            assertEquals(2, verbose.exit(), verbose.err());
            assertEquals(first(plain), first(verbose), "the same one line first");
            assertTrue(verbose.err().contains("\tat org.portaudit.reports.json.ReportReader.read"), verbose.err());
            assertTrue(verbose.err().contains("Caused by: java.io.IOException: not a portaudit report"), verbose.err());
        }
        CliRunner.Result dirAsReport = CliRunner.run("report", dir.toString(), "--verbose");
        assertEquals(2, dirAsReport.exit(), dirAsReport.err());
        assertTrue(first(dirAsReport).startsWith("portaudit: cannot read report " + dir + ": "), dirAsReport.err());
        assertFalse(first(dirAsReport).contains("Exception"), first(dirAsReport));
        assertTrue(dirAsReport.err().contains("\tat "), dirAsReport.err());
    }
}
