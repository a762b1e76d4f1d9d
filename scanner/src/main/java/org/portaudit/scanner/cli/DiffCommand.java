package org.portaudit.scanner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.render.JsonRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What changed between two saved reports: new, resolved and persisting findings.",
            "Exit 1 when NEW has new findings (of the --fail-on kinds), 0 otherwise."},
        footer = ExitCodes.HELP)
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD.json", description = "The earlier report.json.")
    Path oldReport;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "The later report.json.")
    Path newReport;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema portaudit.drift/1).")
    String format;

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "New findings of these kinds make the exit code 1 (default: every problem kind); 'none' never.")
    List<String> failOn;


    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("text") && !fmt.equals("json")) {
            throw new UsageError("unknown format '" + format + "' (expected text or json)");
        }
        Set<FindingKind> fail = failOn();
        AuditReport before = read(oldReport);
        AuditReport after = read(newReport);
        Drift drift = Drift.between(oldReport + " of " + before.startedAt(), before, after);
        PrintWriter out = spec.commandLine().getOut();
        if (fmt.equals("json")) {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.object();
            n.put("schema", "portaudit.drift/2");
            n.put("old", oldReport.toString());
            n.put("new", newReport.toString());
            n.setAll((com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(drift));
            Json.write(n, out);
        } else {
            out.print(drift.toText());
        }
        out.flush();
        for (DriftFinding f : drift.newFindings()) {
            if (fail.contains(f.finding())) {
                return ExitCodes.FINDINGS;
            }
        }
        return ExitCodes.COMPLIANT;
    }

    private Set<FindingKind> failOn() {
        if (failOn == null) {
            Set<FindingKind> out = EnumSet.noneOf(FindingKind.class);
            for (FindingKind k : FindingKind.values()) {
                if (k.isProblem()) {
                    out.add(k);
                }
            }
            return out;
        }
        return FailOnWords.parse(failOn).kinds();
    }

    private static AuditReport read(Path p) {
        try (Reader in = new java.io.StringReader(ReportCommand.readReportText(p))) {
            return JsonRenderer.read(in);
        } catch (NoSuchFileException e) {
            throw new UsageError("report " + p + " does not exist");
        } catch (UsageError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UsageError("report " + p + " is not a portaudit report.json: " + ReportCommand.whyNotAReport(e), e);
        }
    }
}
