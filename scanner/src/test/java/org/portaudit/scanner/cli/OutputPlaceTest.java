package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, defect 6: a bad -o is found before anything is probed, and is bad input. */
class OutputPlaceTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileAsTheOutputFolderIsRefusedBeforeProbing() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        CliRunner.Result r = CliRunner.run("scan", "--host", "127.0.0.1", "--role", "web-server", "--unexpected",
                "none", "--connect-only", "-o", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out(), "nothing was probed, nothing is reported");
        assertEquals("portaudit: -o " + file + " is not a folder", r.err().lines().findFirst().orElseThrow());
        assertEquals("x", Files.readString(file), "the file is left alone");
    }

    @Test
    void aFolderUnderARegularFileCannotBeMade() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        CliRunner.Result r = CliRunner.run("scan", "--host", "127.0.0.1", "--role", "web-server", "--unexpected",
                "none", "--connect-only", "-o", file.resolve("sub").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("portaudit: -o " + file.resolve("sub") + ": cannot make the folder"), r.err());
        assertEquals("", r.out());
    }

    /**
     * Issue 14, defect 11: reports were written 0600 whatever the umask (a temporary file's mode), so a colleague or
     * a web server could not read report.html. A report gets the mode any new file of this process gets there.
     */
    @Test
    void aReportGetsTheUmasksModeNotATemporaryFilesMode() throws Exception {
        Path report = dir.resolve("report.html");
        OutputOptions.writeAtomically(report, w -> w.write("<html></html>"));
        Path reference = Files.createFile(dir.resolve("reference"));
        var mode = Files.getPosixFilePermissions(report);
        assertEquals(Files.getPosixFilePermissions(reference), mode);
        assertEquals("<html></html>", Files.readString(report));
        try (var left = Files.list(dir)) {
            assertEquals(2, left.count(), "no temporary file is left behind");
        }
    }
}
