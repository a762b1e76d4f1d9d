package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way an input file is opened: what it refuses, how fast, and what its errors (never) quote. */
class InputFileTest {
    @TempDir
    Path dir;

    /** A FIFO made by the system's mkfifo; opening one for reading blocks until a writer comes. */
    static Path fifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + at);
        return at;
    }

    private static String refused(Path p, InputFile.Limits limits) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(InputException.class, () -> InputFile.read(p, limits)).getMessage());
    }

    @Test
    void readsARegularFileAndALinkToOne() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "a: 1\r\nb: \u00e9t\u00e9\n");
        assertEquals("a: 1\r\nb: \u00e9t\u00e9\n", InputFile.read(f, InputFile.YAML));
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), f);
        assertEquals("a: 1\r\nb: \u00e9t\u00e9\n", InputFile.read(link, InputFile.YAML));
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = fifo(dir.resolve("fifo"));
        assertEquals(fifo + ": not a regular file (a FIFO)", refused(fifo, InputFile.YAML));
        Path link = Files.createSymbolicLink(dir.resolve("to-fifo"), fifo);
        assertEquals(link + ": not a regular file (a FIFO)", refused(link, InputFile.HOSTS));
    }

    @Test
    void directoriesAndDevicesAreRefused() {
        assertEquals(dir + ": not a regular file (a directory)", refused(dir, InputFile.YAML));
        assertEquals("/dev/zero: not a regular file (a character device)", refused(Path.of("/dev/zero"), InputFile.YAML));
        assertEquals(dir.resolve("none") + ": no such file", refused(dir.resolve("none"), InputFile.YAML));
    }

    @Test
    void anOversizedFileIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.yaml");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), (1L << 30) - 1); // 1 GiB, sparse
        }
        long t = System.nanoTime();
        assertEquals(big + ": larger than 4 MiB (1073741824 bytes)", refused(big, InputFile.YAML));
        assertTrue(System.nanoTime() - t < 500_000_000L, "refused on its size, without reading it");
    }

    @Test
    void aFileThatGrowsWhileReadIsCutOff() {
        // /proc files are regular and say size 0, but hold more: like a file that grew after its size was checked.
        Path proc = Path.of("/proc/self/status");
        assertEquals(proc + ": grew past 64 bytes while being read", refused(proc, new InputFile.Limits(64, 1000)));
    }

    @Test
    void aReaderIsBoundedToo() {
        Reader endless = new Reader() {
            @Override
            public int read(char[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, 'a');
                return len;
            }

            @Override
            public void close() {
            }
        };
        InputException e = assertThrows(InputException.class,
                () -> InputFile.read("endless", endless, new InputFile.Limits(1 << 20, 100)));
        assertEquals("endless: larger than 1 MiB", e.getMessage());
    }

    @Test
    void notUtf8NamesTheLine() throws Exception {
        Path f = Files.write(dir.resolve("latin1.yaml"), "a: 1\nb: 2\nc: \u00e9t\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ":3: not UTF-8 text", refused(f, InputFile.YAML));
    }

    @Test
    void controlCharactersAndLongLinesNameTheLineAndAreNotQuoted() throws Exception {
        Path esc = Files.writeString(dir.resolve("esc.txt"), "ok\n\u001b]0;owned\u0007\n");
        assertEquals(esc + ":2: non-printable character U+001B is not allowed", refused(esc, InputFile.HOSTS));
        Path bel = Files.writeString(dir.resolve("bel.txt"), "ok\r\nok\rbell\u0007\n");
        assertEquals(bel + ":3: non-printable character U+0007 is not allowed", refused(bel, InputFile.HOSTS));
        Path lng = Files.writeString(dir.resolve("long.yaml"), "a: 1\nb: " + "x".repeat(InputFile.YAML.maxLineChars()) + "\n");
        assertEquals(lng + ":2: line longer than 16384 characters", refused(lng, InputFile.YAML));
    }

    @Test
    void readErrorsAreWordsNotExceptionNames() {
        assertEquals("permission denied", InputFile.reason(new AccessDeniedException("/etc/shadow")));
        assertEquals("no such file", InputFile.reason(new NoSuchFileException("x")));
        assertEquals("cannot read: Is a directory", InputFile.reason(new FileSystemException("d", null, "Is a directory")));
        assertEquals("cannot read: Input length = 1",
                InputFile.reason(new IOException("java.nio.charset.MalformedInputException: Input length = 1")));
        assertEquals("cannot read", InputFile.reason(new IOException((String) null)));
    }

    @Test
    void messagesArePrintableAndBounded() {
        String m = InputException.message("f\u001b.yaml", 3, "bad target '\u001b[2J\u0007" + "y".repeat(100_000) + "'\n"
                + "z ".repeat(1000) + "\u202e");
        assertFalse(m.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), m);
        assertTrue(m.startsWith("f\\x1B.yaml:3: bad target '\\x1B[2J\\x07yyy"), m);
        assertTrue(m.length() < 700, m.length() + " characters");
        assertTrue(m.contains("y\u2026 z z"), "a long token is cut, the rest still shown: " + m);
    }
}
