package org.portaudit.scanner.inventory;

/** A bad inventory file: file, line and what is wrong, as one printable line of bounded length. */
public final class InventoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InventoryException(String file, int line, String what) {
        super(org.portaudit.catalog.InputException.message(file, line, what));
    }
}
