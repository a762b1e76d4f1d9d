package org.portaudit.scanner.probes.tcp.identify;

/**
 * What a peer sent, made short and printable for a report: printable ASCII as it is, CR, LF and TAB as
 * {@code \r \n \t}, any other byte as {@code \xNN}; a trailing line end dropped; cut with an ellipsis.
 */
final class Seen {
    /** The longest quoted text kept. */
    static final int MAX = 80;

    private Seen() {
    }

    static String quote(byte[] raw, int length) {
        int n = Math.min(length, raw.length);
        while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
            n--;
        }
        StringBuilder b = new StringBuilder(Math.min(n, MAX) + 4);
        for (int i = 0; i < n; i++) {
            if (b.length() >= MAX) {
                b.append('\u2026');
                break;
            }
            int c = raw[i] & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return b.toString();
    }

    /** True when most bytes are printable text (a text protocol's greeting rather than a binary one's). */
    static boolean isText(byte[] raw, int length) {
        int n = Math.min(length, raw.length);
        if (n == 0) {
            return false;
        }
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int c = raw[i] & 0xff;
            if (c >= 0x20 && c < 0x7f || c == '\r' || c == '\n' || c == '\t') {
                printable++;
            }
        }
        return printable * 10 >= n * 9;
    }
}
