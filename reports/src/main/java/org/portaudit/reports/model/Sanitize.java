package org.portaudit.reports.model;

/**
 * Text that came from the network is hostile: this keeps it printable and bounded before it is
 * stored in any report model. (Escaping for HTML is still the renderer's job.)
 */
public final class Sanitize {
    /** Default bound for one stored string from the network. */
    public static final int DEFAULT_MAX = 256;

    private Sanitize() {
    }

    /** Printable text: control characters become '.', length capped at {@code max} with a marker. */
    public static String text(CharSequence raw, int max) {
        if (raw == null) {
            return null;
        }
        if (raw.length() <= max && isPlainAscii(raw)) {
            return raw.toString(); // the common case, with no copy
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), max) + 1);
        for (int i = 0; i < raw.length(); i++) {
            if (sb.length() >= max) {
                sb.append('\u2026');
                break;
            }
            char c = raw.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) && !validSurrogateAt(raw, i)) {
                sb.append('.');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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
