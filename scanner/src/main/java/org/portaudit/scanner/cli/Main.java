package org.portaudit.scanner.cli;

import picocli.CommandLine;

/** Thin entry point: build the command line, run it, exit with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(PortauditCommand.commandLine().execute(args));
    }
}
