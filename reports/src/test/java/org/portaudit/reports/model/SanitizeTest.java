package org.portaudit.reports.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SanitizeTest {
    @Test
    void controlCharactersAndLengthAreBounded() {
        assertEquals("plain text", Sanitize.text("plain text", 20));
        assertEquals("a.b.c", Sanitize.text("a\u0000b\nc", 20));
        assertEquals("abc\u2026", Sanitize.text("abcdef", 3));
        assertEquals("bidi\\u202Ex", Sanitize.text("bidi\u202ex", 20), "format characters (RTL override) are shown");
        assertEquals("caf\u00e9", Sanitize.text("caf\u00e9", 20), "printable non-ASCII is kept");
        assertEquals("a.", Sanitize.text("a\ud800", 20), "a lone surrogate is replaced");
        assertNull(Sanitize.text(null, 5));
        assertEquals("GET ..", Sanitize.bytes(new byte[] {'G', 'E', 'T', ' ', 0, (byte) 0xff}, 10));
    }

    @Test
    void invisibleCharactersBecomeVisibleEscapes() {
        assertEquals("a\\u2028b\\u2029c", Sanitize.text("a\u2028b\u2029c", 40), "line and paragraph separators");
        assertEquals("\\u200Bzero\\u200Dwidth\\uFEFF", Sanitize.text("\u200Bzero\u200Dwidth\uFEFF", 40));
        assertEquals("x\\u2066y\\u2069\\u061C", Sanitize.text("x\u2066y\u2069\u061C", 40), "bidi isolates, ALM");
        assertEquals("tag\\uDB40\\uDC01", Sanitize.text("tag\uDB40\uDC01", 40), "a format character beyond the BMP");
        assertEquals("emoji \uD83D\uDE00", Sanitize.text("emoji \uD83D\uDE00", 40), "other supplementary characters stay");
        assertEquals("ab\u2026", Sanitize.text("ab\u202Ecdef", 7), "an escape is never cut: it does not fit, the marker ends");
        assertEquals("ab\\u202E\u2026", Sanitize.text("ab\u202Ecdef", 8));
        for (int c = 0; c < 0x10000; c++) {
            String one = Sanitize.text(String.valueOf((char) c), 20);
            for (int i = 0; i < one.length(); i++) {
                int t = Character.getType(one.charAt(i));
                assertTrue(t != Character.FORMAT && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR
                        && t != Character.CONTROL && t != Character.SURROGATE, "U+" + Integer.toHexString(c) + " -> " + one);
            }
        }
    }

    @Test
    void evidenceIsSanitisedAndImmutable() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("banner", "220 ok\r\n<script>");
        Evidence e = new Evidence("smtp-banner", "x\u0007y", true, d);
        assertEquals("x.y", e.summary());
        assertEquals("220 ok..<script>", e.details().get("banner"), "HTML escaping is the renderer's job");
        d.put("later", "change");
        assertEquals(1, e.details().size(), "copied, not shared");
        assertTrue(new Evidence("p", "s", false, null).details().isEmpty());
    }
}
