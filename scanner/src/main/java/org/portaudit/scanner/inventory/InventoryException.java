package org.portaudit.scanner.inventory;

/** A bad inventory file: file, line and what is wrong, as one line. */
public final class InventoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InventoryException(String file, int line, String what) {
        super(file + (line > 0 ? ":" + line : "") + ": " + what);
    }
}
