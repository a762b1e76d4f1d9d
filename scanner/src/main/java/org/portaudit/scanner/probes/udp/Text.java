package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.portaudit.reports.model.Sanitize;

/** Small helpers that turn network bytes into bounded, sanitised text. */
final class Text {
    /** Bound for one name or value taken from a reply. */
    static final int FIELD = 128;

    private Text() {
    }

    static String clean(String s) {
        return Sanitize.text(s, FIELD);
    }

    static String clean(String s, int max) {
        return Sanitize.text(s, max);
    }

    static String ascii(byte[] b, int max) {
        return Sanitize.bytes(b, max);
    }

    static String utf8(byte[] b, int max) {
        return Sanitize.text(new String(b, StandardCharsets.UTF_8), max);
    }

    /** Lower-case hex of at most {@code maxBytes} bytes, with "..." when cut. */
    static String hex(byte[] b, int maxBytes) {
        if (b.length <= maxBytes) {
            return HexFormat.of().formatHex(b);
        }
        return HexFormat.of().formatHex(b, 0, maxBytes) + "...";
    }
}
