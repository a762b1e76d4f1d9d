package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every portaudit input file (--catalog, --policy, --hosts-file, --inventory and an inventory's
 * hostsFiles) through the real command line: a FIFO, a directory, a huge file, a file in another
 * format are each one printable line naming the file (and line), exit 2, without blocking, without
 * a stack trace and without quoting the file.
 */
class InputFilesTest {
    private static final String SHADOW = "root:$6$rounds=5000$saltsalt$c2VjcmV0aGFzaA:19000:0:99999:7:::\n"
            + "daemon:*:19000:0:99999:7:::\n";

    @TempDir
    Path dir;

    private static String bad(String... args) {
        CliRunner.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRunner.run(args),
                String.join(" ", args));
        assertEquals(2, r.exit(), String.join(" ", args) + " -> " + r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        assertFalse(r.err().chars().anyMatch(c -> c < 0x20 && c != '\n'), "control characters printed: " + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.length() < 400, () -> first.length() + " characters: " + first.substring(0, 200));
        return first;
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    private Path inventoryWithHostsFile(Path hostsFile) throws Exception {
        return Files.writeString(dir.resolve("inventory.yaml"),
                "groups:\n  - name: web\n    hostsFiles: [" + hostsFile + "]\n    roles: [web-server]\n");
    }

    private String scan(String option, Path file) {
        return bad("scan", "--host", "127.0.0.1", "--role", "web-server", "--timeout", "200", option, file.toString());
    }

    private String hostsFile(Path file) {
        return bad("scan", "--role", "web-server", "--timeout", "200", "--hosts-file", file.toString());
    }

    private String audited(Path hostsFile) throws Exception {
        return bad("audit", "-i", inventoryWithHostsFile(hostsFile).toString(), "--timeout", "200");
    }

    @Test
    void aFifoIsRefusedAndNeverBlocks() throws Exception {
        Path fifo = fifo("input");
        assertEquals("portaudit: bad catalog: " + fifo + ": not a regular file (a FIFO)", scan("--catalog", fifo));
        assertEquals("portaudit: bad policy: " + fifo + ": not a regular file (a FIFO)", scan("--policy", fifo));
        assertEquals("portaudit: hosts file " + fifo + " cannot be used: not a regular file (a FIFO)", hostsFile(fifo));
        assertEquals("portaudit: bad inventory: " + fifo + ": not a regular file (a FIFO)",
                bad("audit", "-i", fifo.toString()));
        assertTrue(audited(fifo).endsWith(fifo + ": hosts file cannot be used: not a regular file (a FIFO)"));
        // a saved report given to report or diff is read the same careful way
        assertEquals("portaudit: cannot read report " + fifo + ": not a regular file (a FIFO)",
                bad("report", fifo.toString()));
        assertEquals("portaudit: cannot read report " + fifo + ": not a regular file (a FIFO)", bad("diff", fifo.toString(),
                fifo.toString()));
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        assertEquals("portaudit: bad catalog: " + dir + ": not a regular file (a directory)", scan("--catalog", dir));
        assertEquals("portaudit: bad policy: " + dir + ": not a regular file (a directory)", scan("--policy", dir));
        assertEquals("portaudit: hosts file " + dir + " cannot be used: not a regular file (a directory)",
                hostsFile(dir));
        assertEquals("portaudit: bad inventory: " + dir + ": not a regular file (a directory)",
                bad("audit", "-i", dir.toString()));
        assertTrue(audited(dir).endsWith(dir + ": hosts file cannot be used: not a regular file (a directory)"));
    }

    @Test
    void aTwelveMegabyteScalarIsRefusedQuickly() throws Exception {
        Path big = Files.writeString(dir.resolve("big.yaml"), "all:\n  forbid:\n    - reason: " + "x".repeat(12 << 20) + "\n");
        long t = System.nanoTime();
        assertEquals("portaudit: bad catalog: " + big + ": larger than 4 MiB (" + Files.size(big) + " bytes)", scan("--catalog", big));
        assertEquals("portaudit: bad policy: " + big + ": larger than 4 MiB (" + Files.size(big) + " bytes)", scan("--policy", big));
        assertEquals("portaudit: bad inventory: " + big + ": larger than 4 MiB (" + Files.size(big) + " bytes)",
                bad("audit", "-i", big.toString()));
        // A hosts file may be larger (16 MiB): this one is refused on its first line, as it is read.
        assertEquals("portaudit: " + big + ":3: line longer than 16384 characters", hostsFile(big));
        assertTrue(audited(big).endsWith(big + ":3: line longer than 16384 characters"));
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(ms < 10_000, ms + " ms for five refusals (the old reader took minutes for one)");
    }

    @Test
    void aFiftyMegabyteOneLineHostsFileIsOneShortLine() throws Exception {
        Path f = dir.resolve("hosts.txt");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("h".getBytes(StandardCharsets.US_ASCII)), (50L << 20) - 1); // sparse
        }
        assertEquals("portaudit: hosts file " + f + " cannot be used: larger than 16 MiB (52428800 bytes)", hostsFile(f));
    }

    @Test
    void aFileInAnotherFormatIsNeverQuoted() throws Exception {
        Path shadow = Files.writeString(dir.resolve("shadow"), SHADOW);
        String scanned = hostsFile(shadow);
        assertEquals("portaudit: " + shadow + ":1: bad address in target", scanned);
        String audit = audited(shadow);
        assertTrue(audit.endsWith(shadow + ":1: bad address in target"), audit);
        for (String seen : new String[] {scanned, audit, scan("--catalog", shadow), scan("--policy", shadow),
                bad("audit", "-i", shadow.toString())}) {
            assertFalse(seen.contains("root") || seen.contains("$6$") || seen.contains("daemon") || seen.contains("19000"),
                    seen);
        }
    }

    @Test
    void controlCharactersInAHostsFileAreNotPrinted() throws Exception {
        Path esc = Files.writeString(dir.resolve("esc.txt"), "# lab\n127.0.0.1\n\u001b]0;owned\u0007pa-web01\n");
        assertEquals("portaudit: " + esc + ":3: non-printable character U+001B is not allowed", hostsFile(esc));
        Path bel = Files.writeString(dir.resolve("bel.txt"), "127.0.0.1 # ok\u0007\n");
        assertTrue(audited(bel).endsWith(bel + ":1: non-printable character U+0007 is not allowed"));
    }

    @Test
    void notUtf8NamesTheLine() throws Exception {
        Path f = Files.write(dir.resolve("latin1.txt"), "127.0.0.1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("portaudit: " + f + ":2: not UTF-8 text", hostsFile(f));
        assertEquals("portaudit: bad catalog: " + f + ":2: not UTF-8 text", scan("--catalog", f));
        assertEquals("portaudit: bad policy: " + f + ":2: not UTF-8 text", scan("--policy", f));
        assertEquals("portaudit: bad inventory: " + f + ":2: not UTF-8 text", bad("audit", "-i", f.toString()));
    }
}
