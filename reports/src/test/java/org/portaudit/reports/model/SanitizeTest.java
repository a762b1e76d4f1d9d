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
        assertEquals("bidi.x", Sanitize.text("bidi\u202ex", 20), "format characters (RTL override) are replaced");
        assertEquals("caf\u00e9", Sanitize.text("caf\u00e9", 20), "printable non-ASCII is kept");
        assertEquals("a.", Sanitize.text("a\ud800", 20), "a lone surrogate is replaced");
        assertNull(Sanitize.text(null, 5));
        assertEquals("GET ..", Sanitize.bytes(new byte[] {'G', 'E', 'T', ' ', 0, (byte) 0xff}, 10));
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
