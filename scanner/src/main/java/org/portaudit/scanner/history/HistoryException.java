package org.portaudit.scanner.history;

/** The history database could not be opened, migrated, read or written: one line for the user. */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
