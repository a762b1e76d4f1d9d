package org.portaudit.scanner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.reports.render.Renderers;
import picocli.CommandLine.Option;

/** Where a run's report goes: the flags scan and audit share, and the one way a report is written out. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write the report into DIR: report.json always (with its drift, for audit), plus each "
                    + "--format; each file written whole, never half-written.")
    Path outputDir;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", split = ",",
            description = "Formats -o writes besides report.json: html (default), csv, junit, markdown, text; "
                    + "several at once (html,csv,junit).")
    List<String> formats;

    @Option(names = {"-q", "--quiet"},
            description = "Print only problem findings (and new ones, for audit), one per line (for cron).")
    boolean quiet;

    @Option(names = "--json", description = "Print the report as JSON on stdout instead of the table.")
    boolean json;

    @Option(names = "--no-color", description = "No colour, even on a terminal.")
    boolean noColor;

    /** The formats -o writes, checked before anything is probed. */
    List<Renderers.Format> formats() {
        return ReportCommand.parseFormats(formats == null ? List.of("html") : formats);
    }

    /**
     * Checks, before anything is probed, that the report can be written: the formats are known, and -o names a
     * folder that exists or can be made and that this user may write into (bad input, exit 2: a scan's results
     * are never lost to a typo in -o).
     */
    void check() {
        formats();
        if (outputDir == null) {
            if (formats != null) {
                // never silently ignored: without -o the formats would go nowhere
                throw new UsageError("-f/--format chooses the files -o DIR writes; give -o DIR too (stdout gets the"
                        + " console report, or --json)");
            }
            return;
        }
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new UsageError("-o " + outputDir + " is not a folder");
        }
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UsageError("-o " + outputDir + ": cannot make the folder ("
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : PortauditCommand.oneLine(e))
                    + ")");
        }
        if (!Files.isWritable(outputDir)) {
            throw new UsageError("-o " + outputDir + ": permission denied (cannot write there)");
        }
    }

    /** Starts loading the JSON renderer in the background when this run will write JSON (--json or -o). */
    void warmUp() {
        if (json || outputDir != null) {
            org.portaudit.reports.json.Json.warmUpInBackground();
        }
    }

    /** The -o folder, or null. */
    Path dir() {
        return outputDir;
    }

    /** Writes report.json and each format into -o DIR (when given), then prints the report on {@code out}. */
    void write(AuditReport report, PrintWriter out) {
        List<Renderers.Format> chosen = formats();
        try {
            // stdout first: if a file cannot be written after all, the run's results are still on the screen.
            if (json) {
                new JsonRenderer().render(report, out);
            } else {
                boolean terminal = System.console() != null;
                new ConsoleRenderer(terminal && !noColor && System.getenv("NO_COLOR") == null, quiet)
                        .render(report, out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UsageError("cannot print the report: " + PortauditCommand.oneLine(e), ExitCodes.RUN_FAILED, e);
        }
        if (outputDir == null) {
            return;
        }
        try {
            // report.json first: it is the lossless record every other format can be rendered from again.
            writeAtomically(outputDir.resolve("report.json"), w -> new JsonRenderer().render(report, w));
            for (Renderers.Format f : chosen) {
                if (!f.name().equals("json")) {
                    writeAtomically(outputDir.resolve(f.fileName()), w -> f.renderer().render(report, w));
                }
            }
        } catch (IOException e) {
            throw new UsageError("cannot write the report into " + outputDir + ": " + PortauditCommand.oneLine(e),
                    ExitCodes.RUN_FAILED, e);
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Writes to a temporary file beside {@code target}, then moves it into place: never a half-written report. */
    static void writeAtomically(Path target, IoConsumer<Writer> body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file 0600 whatever the umask, so a colleague or a web server
        // could not read report.html. CREATE_NEW with a random name gets the umask's mode and is never shared.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                body.accept(w);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A consumer that may throw IOException. */
    @FunctionalInterface
    interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
