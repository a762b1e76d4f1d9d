package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to scan: one line, exit 2 (or 3 when nothing resolves), never a stack trace. */
class ScanCommandTest {
    private static void assertBad(int code, String startsWith, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(code, r.exit(), String.join(" ", args) + " -> " + r.err());
        assertTrue(r.err().startsWith("portaudit: " + startsWith), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no usage dumped: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    /** Issue 14, defect 9 and 11: a misspelt option, a backwards range, formats without -o. */
    @Test
    void commandLineMistakesAreNamedAsTheUserMadeThem() {
        assertBad(2, "unknown option '--rolee'; did you mean '--role'? (see 'portaudit scan --help')",
                "scan", "--host", "127.0.0.1", "--rolee", "web-server");
        assertBad(2, "unknown option '--bogus'", "scan", "--host", "127.0.0.1", "--role", "web-server", "--bogus=3");
        assertBad(2, "bad --unexpected: port range '100-1' runs backwards (100 is above 1; write 1-100)",
                "scan", "--host", "127.0.0.1", "--role", "web-server", "--unexpected", "100-1");
        assertBad(2, "-f/--format chooses the files -o DIR writes; give -o DIR too",
                "scan", "--host", "127.0.0.1", "--role", "web-server", "-f", "csv");
    }

    @Test
    void badInputExits2() {
        assertBad(2, "unknown role 'domain-controler'; did you mean 'domain-controller'?",
                "scan", "--host", "127.0.0.1", "--role", "domain-controler");
        assertBad(2, "Missing required option: '--role=ROLE'", "scan", "--host", "127.0.0.1");
        assertBad(2, "no target", "scan", "--role", "web-server");
        assertBad(2, "bad --unexpected: bad port 'ssh'", "scan", "--host", "127.0.0.1", "--role", "web-server",
                "--unexpected", "ssh");
        assertBad(2, "bad target '198.18.0.0/40'".replace("bad target", "bad prefix length in"), "scan", "--target",
                "198.18.0.0/40", "--role", "web-server");
        assertBad(2, "bad target 'no host!'", "scan", "--host", "no host!", "--role", "web-server");
        assertBad(2, "unknown finding 'required-blokced' in --fail-on; did you mean 'required-blocked'?", "scan",
                "--host", "127.0.0.1", "--role", "web-server", "--fail-on", "required-blokced");
        assertBad(2, "timeout must be at least 1 ms", "scan", "--host", "127.0.0.1", "--role", "web-server",
                "--timeout", "0");
        assertBad(2, "concurrency must be at least 1", "scan", "--host", "127.0.0.1", "--role", "web-server",
                "--concurrency", "0");
        assertBad(2, "--identify-parallel must be 1 to 64, got 0", "scan", "--host", "127.0.0.1", "--role",
                "web-server", "--identify-parallel", "0");
        assertBad(2, "Invalid value for option '--retries'", "scan", "--host", "127.0.0.1", "--role", "web-server",
                "--retries", "many");
    }

    @Test
    void badHostsFileNamesTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hosts.txt");
        Files.writeString(f, "# lab\n127.0.0.1\n\n300.1.2.3\n");
        assertBad(2, f + ":4: bad IPv4 address", "scan", "--hosts-file", f.toString(), "--role", "web-server");
        assertBad(2, "hosts file " + dir.resolve("none.txt") + " does not exist", "scan", "--hosts-file",
                dir.resolve("none.txt").toString(), "--role", "web-server");
    }

    @Test
    void noResolvableTargetExits3() {
        // Resolved from the test hosts file (jdk.net.hosts.file): no DNS query leaves the machine.
        assertBad(3, "no target resolved (host name 'no-such-host.invalid' does not resolve)", "scan", "--host",
                "no-such-host.invalid", "--role", "web-server");
    }
}
