package org.portaudit.catalog;

/**
 * A portaudit input file (catalog, policy, inventory, hosts file) cannot be used: file, line (0 for
 * the whole file) and what is wrong. The message is one printable line of bounded length whatever
 * the file held: see {@link #message}.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The longest run of non-blank characters (a quoted value) an error message keeps. */
    public static final int MAX_TOKEN = 64;
    /** The longest "what" an error message keeps. */
    public static final int MAX_WHAT = 400;
    private static final int MAX_FILE = 256;

    private final String file;
    private final int line;
    private final String what;

    public InputException(String file, int line, String what) {
        super(message(file, line, what), null, false, false);
        this.file = file;
        this.line = line;
        this.what = what;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String what() {
        return what;
    }

    /** "file:line: what", made printable and bounded; every input error message of portaudit is built here. */
    public static String message(String file, int line, String what) {
        return printable(file, MAX_FILE, MAX_FILE) + (line > 0 ? ":" + line : "") + ": " + printable(what, MAX_TOKEN, MAX_WHAT);
    }

    /**
     * Text made safe to print: control, format (bidi) and separator characters become {@code \xNN} or a
     * backslash-u and four hex digits, line breaks a space; each run of non-blank characters is cut at {@code maxToken}
     * and the whole at {@code maxTotal}, each cut marked with an ellipsis.
     */
    public static String printable(String raw, int maxToken, int maxTotal) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), maxTotal) + 8);
        int token = 0;
        for (int i = 0; i < raw.length();) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (sb.length() >= maxTotal) {
                sb.append('\u2026');
                break;
            }
            if (cp == '\n' || cp == '\r' || cp == '\t' || cp == ' ') {
                sb.append(' ');
                token = 0;
                continue;
            }
            if (token == maxToken) {
                sb.append('\u2026');
            }
            if (token++ >= maxToken) {
                continue;
            }
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                sb.append(cp < 0x100 ? String.format("\\x%02X", cp) : String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }
}
