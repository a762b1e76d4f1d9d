package org.portaudit.scanner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.portaudit.reports.json.ReportSchemaCheck;
import picocli.CommandLine;

/**
 * Runs the real command line with captured stdout and stderr. Every report the run wrote is checked against the
 * published JSON Schema: a report.json printed on stdout ({@code --json}, {@code report -f json}) and the
 * report.json in an {@code -o} folder.
 */
final class CliRunner {
    record Result(int exit, String out, String err) {
    }

    private CliRunner() {
    }

    static Result run(String... args) {
        CommandLine cmd = PortauditCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        Result r = new Result(exit, out.toString(), err.toString());
        validateReports(args, r);
        return r;
    }

    private static void validateReports(String[] args, Result r) {
        String out = r.out().strip();
        if (out.startsWith("{") && out.contains("\"schemaVersion\"") && !out.contains("\"schema\" :")) {
            ReportSchemaCheck.assertValid(out);
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-o") || args[i].equals("--output")) {
                Path p = Path.of(args[i + 1]);
                Path json = Files.isDirectory(p) ? p.resolve("report.json") : p;
                if (Files.isRegularFile(json) && json.getFileName().toString().endsWith(".json")) {
                    try {
                        ReportSchemaCheck.assertValid(Files.readString(json));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
