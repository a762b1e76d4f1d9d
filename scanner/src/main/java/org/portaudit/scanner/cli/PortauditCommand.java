package org.portaudit.scanner.cli;

import java.io.PrintWriter;
import org.portaudit.reports.model.Sanitize;
import org.portaudit.scanner.engine.Failures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

@Command(name = "portaudit", mixinStandardHelpOptions = true, versionProvider = PortauditCommand.BuildVersion.class,
        description = "Checks Windows servers against the network ports their roles need.",
        subcommands = {ScanCommand.class, ReportCommand.class, RpcCommand.class, RolesCommand.class,
            PortsCommand.class, JudgeCommand.class, CommandLine.HelpCommand.class,
            AuditCommand.class,
            DiffCommand.class,
            HistoryCommand.class},
        footer = ExitCodes.HELP)
public final class PortauditCommand implements Runnable {
    @CommandLine.Spec
    CommandSpec spec;

    /** Once, for every command (picocli copies an inherited option into each subcommand). */
    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "More logging on stderr; stack traces on errors.")
    boolean verbose;

    /** The version the build wrote into the reports module's resources. */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {org.portaudit.reports.model.Version.tool()};
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: one-line errors, exit codes of DESIGN.md. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new PortauditCommand());
        cmd.setParameterExceptionHandler(PortauditCommand::badUsage);
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof org.portaudit.scanner.audit.Auditor.RunFailure f) {
                err.println("portaudit: " + oneLine(f));
                if (Verbosity.verbose(parseResult)) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return ExitCodes.RUN_FAILED;
            }
            if (ex instanceof UsageError u) {
                err.println("portaudit: " + u.getMessage());
                if (u.exitCode() == ExitCodes.BAD_INPUT) {
                    err.println("Usage: " + c.getHelp().synopsis(0).trim());
                    err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
                }
                if (Verbosity.verbose(parseResult)) {
                    ex.printStackTrace(err); // where the input was found bad, and the failure behind it
                }
                err.flush();
                return u.exitCode();
            }
            err.println("portaudit: " + oneLine(ex));
            if (Verbosity.verbose(parseResult)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.RUN_FAILED;
        });
        return cmd;
    }

    private static int badUsage(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        String msg = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            java.util.List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                msg = msg + "; did you mean '" + suggestions.get(0) + "'?";
            }
        }
        err.println("portaudit: " + msg);
        err.println("Usage: " + c.getHelp().synopsis(0).trim());
        err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** An error on one line, printable, without Java names ({@link Failures#describe} when it has no message). */
    static String oneLine(Throwable ex) {
        if (ex instanceof java.nio.file.FileSystemException || ex instanceof java.io.UncheckedIOException
                && ex.getCause() instanceof java.nio.file.FileSystemException) {
            return Failures.describe(ex); // the file and what is wrong with it, not the exception's name
        }
        String m = ex.getMessage() == null ? "" : Failures.withoutJavaNames(ex.getMessage());
        return m.isEmpty() ? Failures.describe(ex) : Sanitize.text(m, 1000);
    }
}
