package org.portaudit.scanner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command line with captured stdout and stderr. */
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
        return new Result(exit, out.toString(), err.toString());
    }
}
