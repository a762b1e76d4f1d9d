package org.portaudit.catalog;

import java.util.Locale;

/** How strongly a role needs a port. */
public enum Level {
    /** The role does not work without it. */
    REQUIRED,
    /** Useful, not needed; the reason says when it matters. */
    OPTIONAL,
    /** Needed only under a condition the reason names (IPsec, a feature in use). */
    CONDITIONAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Level parse(String s) {
        for (Level l : values()) {
            if (l.id().equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown level '" + s + "' (expected required, optional or conditional)");
    }
}
