package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's catalog file (--catalog) that is not a catalog: refused in one line, quickly, never blocking. */
class CatalogFileTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void warmUp() {
        CatalogLoader.builtIn(); // so that the timings below measure the user's file, not the JIT
    }

    private static String bad(Path f) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(CatalogException.class,
                () -> CatalogLoader.withUserFiles(List.of(f))).getMessage());
    }

    private static long millis(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1_000_000;
    }

    @Test
    void aFifoOrADirectoryIsRefusedWithoutBlocking() throws Exception {
        Path fifo = InputFileTest.fifo(dir.resolve("roles.yaml"));
        assertEquals(fifo + ": not a regular file (a FIFO)", bad(fifo));
        assertEquals(dir + ": not a regular file (a directory)", bad(dir));
    }

    @Test
    void aTwelveMegabyteScalarIsRefusedInWellUnderASecond() throws Exception {
        Path f = Files.writeString(dir.resolve("big.yaml"), "services:\n  - id: " + "x".repeat(12 << 20) + "\n");
        assertEquals(f + ": larger than 4 MiB (12582931 bytes)", bad(f));
        // The layer alone (the catalog adds its built-in files): refused on the file's size, nothing parsed.
        long ms = millis(() -> assertThrows(InputException.class, () -> YamlReader.read(f)));
        assertTrue(ms < 1000, ms + " ms");
    }

    @Test
    void aLongScalarUnderTheFileLimitIsRefusedQuicklyAndNotQuoted() throws Exception {
        Path f = Files.writeString(dir.resolve("long.yaml"), "services:\n  - id: " + "x".repeat(3 << 20) + "\n");
        assertEquals(f + ":2: line longer than 16384 characters", bad(f));
        long ms = millis(() -> assertThrows(InputException.class, () -> YamlReader.read(f)));
        assertTrue(ms < 1000, ms + " ms");
        // Over several lines a value may pass the line limit, not the value limit.
        Path folded = Files.writeString(dir.resolve("folded.yaml"),
                "services:\n  - id: x\n    description: >\n" + ("      " + "y".repeat(1000) + "\n").repeat(70));
        assertEquals(folded + ":3: a value longer than 65536 characters", bad(folded));
    }

    @Test
    void quotedValuesInErrorsAreMadePrintableAndShort() throws Exception {
        Path f = Files.writeString(dir.resolve("esc.yaml"), "services:\n  - id: \"a\\e]0;owned\\a" + "z".repeat(5000) + "\"\n");
        String m = bad(f);
        assertTrue(m.startsWith(f + ":2: id 'a\\x1B]0;owned\\x07zzz"), m);
        assertTrue(m.contains("\u2026"), m);
        assertTrue(m.length() < f.toString().length() + 150, m);
        assertFalse(m.chars().anyMatch(c -> c < 0x20), m);
    }

    @Test
    void notUtf8NamesTheLine() throws Exception {
        Path f = Files.write(dir.resolve("latin1.yaml"),
                "services:\n  - id: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ":2: not UTF-8 text", bad(f));
    }

    @Test
    void aliasesAndNestingAreLimited() throws Exception {
        StringBuilder laughs = new StringBuilder("a: &a [x, x]\n");
        for (char c = 'b'; c <= 'm'; c++) {
            laughs.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *")
                    .append((char) (c - 1)).append("]\n");
        }
        String m = bad(Files.writeString(dir.resolve("laughs.yaml"), laughs.toString()));
        assertTrue(m.contains("laughs.yaml") && m.contains("not valid YAML") && m.contains("aliases"), m);
        String deep = bad(Files.writeString(dir.resolve("deep.yaml"), "services: " + "[".repeat(60) + "]".repeat(60) + "\n"));
        assertTrue(deep.contains("deep.yaml") && deep.contains("not valid YAML") && deep.contains("50"), deep);
    }
}
