package org.portaudit.scanner.cli;

import java.util.List;

/** Thin entry point: set the log level, build the command line, run it, exit with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // slf4j-simple reads its settings once, when the first logger is made: set them first.
        // Warnings only by default (stdout carries only what the user asked for; logs go to stderr).
        boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.org.portaudit", "debug");
        }
        System.exit(PortauditCommand.commandLine().execute(args));
    }
}
