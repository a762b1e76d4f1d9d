package org.portaudit.catalog;

/** A catalog file is malformed; the message names file, line and what is wrong (printable, bounded). */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String file, int line, String what) {
        super(InputException.message(file, line, what));
    }
}
