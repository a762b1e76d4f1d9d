package org.portaudit.scanner.cli;

import picocli.CommandLine.ParseResult;

/** Whether --verbose was given anywhere on the command line. */
final class Verbosity {
    private Verbosity() {
    }

    static boolean verbose(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
