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
                // One line: what is wrong and where; the usage is for mistakes in the command line itself.
                err.println("portaudit: " + u.getMessage());
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

    /** The end of a bad-input line: where the full usage is (one line in all, never the usage dumped). */
    static String helpHint(CommandLine c) {
        return " (see '" + c.getCommandSpec().qualifiedName() + " --help')";
    }

    private static int badUsage(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        // "--rolee" makes picocli miss the required --role first: the misspelling is the user's real mistake
        String msg = unknownOption(c, args);
        if (msg == null) {
            msg = Sanitize.text(Failures.withoutJavaNames(ex.getMessage()), 300);
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                msg = msg + "; did you mean '" + Sanitize.text(u.getSuggestions().get(0), 60) + "'?";
            }
        }
        err.println("portaudit: " + msg + helpHint(c));
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /**
     * The first {@code --name} among {@code args} that the command {@code c} has no option for, in words with the
     * closest option suggested; null when every long option is known. Only long options: a short cluster or a
     * value that starts with '-' is left to picocli.
     */
    static String unknownOption(CommandLine c, String[] args) {
        java.util.Set<String> known = c.getCommandSpec().optionsMap().keySet();
        boolean afterCommand = c.getParent() == null;
        for (String a : args) {
            if (!afterCommand) {
                afterCommand = a.equals(c.getCommandName());
                continue;
            }
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                continue;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!known.contains(name)) {
                java.util.List<String> longs = known.stream().filter(k -> k.startsWith("--")).sorted().toList();
                return "unknown option '" + Sanitize.text(name, 60) + "'"
                        + org.portaudit.catalog.Suggest.didYouMean(name, longs);
            }
        }
        return null;
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
