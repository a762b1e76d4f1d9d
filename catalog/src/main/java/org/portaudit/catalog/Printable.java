package org.portaudit.catalog;

/**
 * Catalog values quoted back in error messages come from user files: this keeps them on one
 * printable, bounded line (the catalog module sits below reports and its Sanitize).
 */
public final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    /** Control and format characters become '.', and the text is cut at 80 characters. */
    public static String of(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length() && sb.length() < MAX; i++) {
            char c = raw.charAt(i);
            sb.append(isPlain(c) ? c : '.');
        }
        if (raw.length() > MAX) {
            sb.append('\u2026');
        }
        return sb.toString();
    }

    /** True when {@code s} has no control, format or lone surrogate characters. */
    public static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isPlain(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(char c) {
        return !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT && !Character.isSurrogate(c);
    }
}
