package org.portaudit.catalog;

/** A catalog file is malformed; the message names file, line and what is wrong. */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String file, int line, String what) {
        super(file + (line > 0 ? ":" + line : "") + ": " + what);
    }
}
