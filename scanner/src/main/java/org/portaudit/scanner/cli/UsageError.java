package org.portaudit.scanner.cli;

/** Bad input found while running a command: one line for the user, exit code 2 (or as given). */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UsageError(String message) {
        this(message, ExitCodes.BAD_INPUT);
    }

    public UsageError(String message, int exitCode) {
        this(message, exitCode, null);
    }

    /** With the failure behind it, whose stack trace --verbose prints. */
    public UsageError(String message, Throwable cause) {
        this(message, ExitCodes.BAD_INPUT, cause);
    }

    public UsageError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
