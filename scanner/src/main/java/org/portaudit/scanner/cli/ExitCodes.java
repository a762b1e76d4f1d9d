package org.portaudit.scanner.cli;

/** The exit codes of DESIGN.md. */
public final class ExitCodes {
    public static final int COMPLIANT = 0;
    public static final int FINDINGS = 1;
    public static final int BAD_INPUT = 2;
    public static final int RUN_FAILED = 3;

    public static final String HELP = "%nExit codes:%n"
            + "  0  compliant (no finding that the policy fails on)%n"
            + "  1  findings that the policy fails on (--fail-on; forbidden-open always)%n"
            + "  2  bad input (usage, unknown role, bad port spec, bad file)%n"
            + "  3  the run could not be done (no target resolved, engine failure)%n";

    private ExitCodes() {
    }
}
