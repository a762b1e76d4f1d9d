package org.portaudit.scanner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.portaudit.catalog.Suggest;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.render.FlowMatrix;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.reports.render.Renderers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render a saved report.json again, in other formats; several reports (of several vantage "
                + "points) as one flow matrix.",
            "Formats: text, json, html, csv, junit (JUnit XML for CI), markdown. One format without -o goes to "
                    + "stdout; with -o DIR each is written to DIR as report.txt, report.json, report.html, report.csv, "
                    + "report-junit.xml, report.md. JSON is lossless: the output is the same as the scan's own.",
            "Several RUN.json: one flow matrix, a row per host and port, a column per report (its vantage: the "
                    + "source address it probed from, else its file name), each cell the finding and state seen "
                    + "there; formats text, json, html, markdown (files flow-matrix.txt, .json, .html, .md)."},
        footer = ExitCodes.HELP)
public final class ReportCommand implements Callable<Integer> {
    /** How the report reader begins its reasons; said once, by this command. */
    private static final String NOT_A_REPORT = "not a portaudit report: ";
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN.json", arity = "1..*",
            description = "A report.json written by 'portaudit scan -o'; several give the flow matrix.")
    List<Path> inputs = new ArrayList<>();

    /** The flow matrix's formats and their file names in -o DIR. */
    private static final java.util.Map<String, String> FLOW_FILES = java.util.Map.of("text", "flow-matrix.txt",
            "json", "flow-matrix.json", "html", "flow-matrix.html", "markdown", "flow-matrix.md");

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", split = ",", defaultValue = "text",
            description = "Formats, comma-separated: text (default), json, html, csv, junit, markdown.")
    List<String> formats;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|DIR",
            description = "Write here instead of stdout: a file for one format, else (or when it is a directory) "
                    + "a directory that gets one file per format. Files are replaced whole, never half-written.")
    Path output;


    @Override
    public Integer call() {
        List<Renderers.Format> chosen = formats();
        if (inputs.size() > 1) {
            return flow(chosen);
        }
        AuditReport report = read(inputs.get(0));
        try {
            if (output == null) {
                if (chosen.size() > 1) {
                    throw new UsageError("several formats need -o DIR (one file each); stdout takes one");
                }
                PrintWriter out = spec.commandLine().getOut();
                chosen.get(0).renderer().render(report, out);
                out.flush();
            } else if (chosen.size() == 1 && !Files.isDirectory(output)) {
                OutputOptions.writeAtomically(output, w -> chosen.get(0).renderer().render(report, w));
            } else {
                if (Files.exists(output) && !Files.isDirectory(output)) {
                    throw new UsageError("-o " + output + " is a file; several formats need a directory");
                }
                for (Renderers.Format f : chosen) {
                    OutputOptions.writeAtomically(output.resolve(f.fileName()), w -> f.renderer().render(report, w));
                }
            }
        } catch (IOException e) {
            throw new UsageError("cannot write report: " + PortauditCommand.oneLine(e), ExitCodes.RUN_FAILED, e);
        }
        return ExitCodes.COMPLIANT;
    }

    /** Several reports: one flow matrix, in the formats that can show one. */
    private Integer flow(List<Renderers.Format> chosen) {
        for (Renderers.Format f : chosen) {
            if (!FLOW_FILES.containsKey(f.name())) {
                throw new UsageError("the flow matrix of several reports renders as text, json, html or markdown, "
                        + "not " + f.name());
            }
        }
        List<FlowMatrix.Input> in = new ArrayList<>();
        for (Path p : inputs) {
            in.add(new FlowMatrix.Input(p.toString(), read(p)));
        }
        FlowMatrix m = FlowMatrix.of(in);
        try {
            if (output == null) {
                if (chosen.size() > 1) {
                    throw new UsageError("several formats need -o DIR (one file each); stdout takes one");
                }
                PrintWriter out = spec.commandLine().getOut();
                flow(m, chosen.get(0), out);
                out.flush();
            } else if (chosen.size() == 1 && !Files.isDirectory(output)) {
                OutputOptions.writeAtomically(output, w -> flow(m, chosen.get(0), w));
            } else {
                if (Files.exists(output) && !Files.isDirectory(output)) {
                    throw new UsageError("-o " + output + " is a file; several formats need a directory");
                }
                for (Renderers.Format f : chosen) {
                    OutputOptions.writeAtomically(output.resolve(FLOW_FILES.get(f.name())), w -> flow(m, f, w));
                }
            }
        } catch (IOException e) {
            throw new UsageError("cannot write the flow matrix: " + PortauditCommand.oneLine(e), ExitCodes.RUN_FAILED,
                    e);
        }
        return ExitCodes.COMPLIANT;
    }

    private static void flow(FlowMatrix m, Renderers.Format f, java.io.Writer w) throws IOException {
        switch (f.name()) {
            case "json" -> m.json(w);
            case "html" -> m.html(w);
            case "markdown" -> m.markdown(w);
            default -> m.text(w);
        }
    }

    private List<Renderers.Format> formats() {
        return parseFormats(formats);
    }

    /** Format names as typed (--format html,csv) to formats; an unknown name is a usage error. */
    static List<Renderers.Format> parseFormats(List<String> formats) {
        Set<String> seen = new LinkedHashSet<>();
        List<Renderers.Format> out = new ArrayList<>();
        for (String name : formats) {
            Renderers.Format f = Renderers.byName(name).orElseThrow(() -> new UsageError("unknown format '"
                    + name.trim() + "'" + Suggest.didYouMean(name.trim(), Renderers.names()) + " (formats: "
                    + String.join(", ", Renderers.names()) + ")"));
            if (seen.add(f.name())) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new UsageError("no format given");
        }
        return out;
    }

    private static AuditReport read(Path input) {
        String text;
        try {
            text = readReportText(input);
        } catch (NoSuchFileException e) {
            throw new UsageError("report file " + input + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageError(input + " is not a portaudit report: not UTF-8 text");
        } catch (IOException e) {
            throw new UsageError("cannot read report " + input + ": " + PortauditCommand.oneLine(e), e);
        }
        try {
            return JsonRenderer.read(new StringReader(text));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new UsageError(input + " is not a portaudit report: "
                    + PortauditCommand.oneLine(new IOException(e.getOriginalMessage())) + where, e);
        } catch (IOException e) {
            throw new UsageError(input + " is not a portaudit report: " + whyNotAReport(e), e);
        }
    }

    /** The most a report.json may hold: some 100 000 hosts' worth (about 4.5 KB a host). */
    static final long MAX_REPORT_BYTES = 512L << 20;

    /**
     * A report file's text: a regular file only (a FIFO or a device would block the read forever), at most
     * {@link #MAX_REPORT_BYTES}, strict UTF-8. A missing file is NoSuchFileException; any other refusal is bad input
     * naming the file.
     */
    static String readReportText(java.nio.file.Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        byte[] bytes;
        try (java.io.InputStream in = org.portaudit.catalog.InputFile.open(path, MAX_REPORT_BYTES)) {
            bytes = in.readAllBytes();
        } catch (org.portaudit.catalog.InputException e) {
            throw new UsageError("cannot read report " + e.getMessage());
        }
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }

    /** The reader's reason on one line, without its own "not a portaudit report: " (the caller says it). */
    static String whyNotAReport(Throwable e) {
        String why = PortauditCommand.oneLine(e);
        return why.startsWith(NOT_A_REPORT) ? why.substring(NOT_A_REPORT.length()) : why;
    }
}
