package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class UnicodeSafeWriterTest {
    private static String pass(String... parts) throws IOException {
        StringWriter sw = new StringWriter();
        UnicodeSafeWriter w = new UnicodeSafeWriter(sw);
        for (String p : parts) {
            w.write(p);
        }
        w.finish();
        return sw.toString();
    }

    @Test
    void pairsPassLoneSurrogatesBecomeReplacementCharacters() throws IOException {
        assertEquals("a\uD83D\uDE00b", pass("a\uD83D\uDE00b"));
        assertEquals("a\uD83D\uDE00b", pass("a\uD83D", "\uDE00b"), "a pair split across writes");
        assertEquals("a\uFFFDb", pass("a\uD800b"));
        assertEquals("a\uFFFDb", pass("a\uDC00b"));
        assertEquals("\uFFFD\uFFFD", pass("\uD800\uD800"));
        assertEquals("end\uFFFD", pass("end\uD800"), "dangling at the end");
    }
}
