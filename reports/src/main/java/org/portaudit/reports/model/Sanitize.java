package org.portaudit.reports.model;

/**
 * Text that came from the network is hostile: this keeps it printable and bounded before it is
 * stored in any report model. (Escaping for HTML is still the renderer's job.)
 */
public final class Sanitize {
    /** Default bound for one stored string from the network. */
    public static final int DEFAULT_MAX = 256;
    /** Length of one visible escape, {@code \\u202E}. */
    private static final int ESCAPE_LENGTH = 6;

    private Sanitize() {
    }

    /**
     * Printable text: control characters (C0, DEL, C1) become '.'; characters that are invisible or move text
     * without being seen become a visible escape {@code \\uXXXX}: line and paragraph separators (U+2028,
     * U+2029, which end a line in JavaScript and many viewers) and format characters (Unicode category Cf:
     * bidi overrides such as U+202E, U+200B, U+FEFF, ...; one outside the BMP as its two UTF-16 escapes); a
     * lone surrogate becomes '.'. The length is capped at {@code max} with a marker '\u2026', an escape
     * never cut in two.
     */
    public static String text(CharSequence raw, int max) {
        if (raw == null) {
            return null;
        }
        if (raw.length() <= max && isPlainAscii(raw)) {
            return raw.toString(); // the common case, with no copy
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), max) + 1);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && validSurrogateAt(raw, i);
            boolean dot = !pair && (Character.isISOControl(c) || Character.isSurrogate(c));
            boolean hide = pair ? Character.getType(Character.toCodePoint(c, raw.charAt(i + 1))) == Character.FORMAT
                    : !dot && invisible(c);
            int need = (pair ? 2 : 1) * (hide ? ESCAPE_LENGTH : 1);
            if (sb.length() + need > max) {
                sb.append('\u2026');
                break;
            }
            if (dot) {
                sb.append('.');
            } else if (hide) {
                escape(sb, c);
                if (pair) {
                    escape(sb, raw.charAt(++i));
                }
            } else {
                sb.append(c);
                if (pair) {
                    sb.append(raw.charAt(++i));
                }
            }
        }
        return sb.toString();
    }

    private static boolean invisible(char c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void escape(StringBuilder sb, char c) {
        sb.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            sb.append(Character.toUpperCase(Character.forDigit((c >> shift) & 0xf, 16)));
        }
    }

    private static boolean isPlainAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    public static String text(CharSequence raw) {
        return text(raw, DEFAULT_MAX);
    }

    /** Bytes read off the wire, shown as Latin-1 text with non-printables replaced. */
    public static String bytes(byte[] raw, int max) {
        if (raw == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length, max));
        for (int i = 0; i < raw.length && i < max; i++) {
            int b = raw[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        if (raw.length > max) {
            sb.append('\u2026');
        }
        return sb.toString();
    }

    private static boolean validSurrogateAt(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
