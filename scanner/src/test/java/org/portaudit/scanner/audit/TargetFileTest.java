package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hosts file's errors say what is wrong with a line without ever quoting it. */
class TargetFileTest {
    @TempDir
    Path dir;

    private String bad(String line) throws Exception {
        Path f = Files.writeString(dir.resolve("hosts.txt"), "127.0.0.1\n" + line + "\n");
        TargetFile.Bad b = assertThrows(TargetFile.Bad.class, () -> TargetFile.read(f));
        assertEquals(2, b.line());
        return b.what();
    }

    @Test
    void readsTargetsAndSkipsComments() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts.txt"), "# lab\r\n127.0.0.1 # loopback\r\n\r\n198.18.1.0/30\rpa-web01\n");
        assertEquals(List.of("127.0.0.1", "198.18.1.0/30", "pa-web01"), TargetFile.read(f));
    }

    @Test
    void reasonsKeepTheirWordsButNotTheLine() throws Exception {
        assertEquals("bad IPv4 address in target", bad("300.1.2.3"));
        assertEquals("bad prefix length (0-32)", bad("10.0.0.0/99"));
        assertEquals("bad range: ends before it starts", bad("198.18.0.9-1"));
        assertEquals("bad target: not a host name, address, CIDR or range", bad("no host!"));
        assertEquals("bad address in target", bad("root:*:19000:0:99999:7:::"));
        assertEquals("target has 16777216 addresses; at most " + TargetSpec.MAX_BLOCK + " per block", bad("10.0.0.0/8"));
    }

    @Test
    void anythingElseQuotedFallsBackToTheGenericReason() {
        assertEquals("not a host name, address, CIDR or range",
                TargetFile.unquoted("bad 'secret:1' near 'secret'", "secret"));
    }
}
