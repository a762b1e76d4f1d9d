package org.portaudit.scanner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "portaudit", mixinStandardHelpOptions = true, version = "portaudit 0.1.0",
        description = "Checks Windows servers against the network ports their roles need.")
public final class PortauditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PortauditCommand());
    }
}
