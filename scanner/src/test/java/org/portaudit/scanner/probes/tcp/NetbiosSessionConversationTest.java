package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class NetbiosSessionConversationTest {
    private final NetbiosSessionConversation nb = new NetbiosSessionConversation();

    @Test
    void requestIsASessionRequestToStarSmbServer() {
        try (Harness h = new Harness(nb)) {
            String hex = Hex.of(h.sent());
            // RFC 1002 4.3.2: type 0x81, flags 0, length 68; RFC 1001 14.1 first-level encoding:
            // '*'=0x2A -> "CK", 'S'=0x53 -> "FD", 'M'=0x4D -> "EN", 'B'=0x42 -> "EC", ... ' '=0x20 -> "CA".
            String called = "20" + Hex.of("CKFDENECFDEFFCFGEFFCCACACACACACA".getBytes(StandardCharsets.US_ASCII)) + "00";
            String calling = "20" + Hex.of("FAEPFCFEEBFFEEEJFECACACACACACAAA".getBytes(StandardCharsets.US_ASCII)) + "00";
            assertEquals("81000044" + called + calling, hex);
        }
    }

    @Test
    void positiveResponse() {
        Evidence e = Robustness.immediate(nb, Hex.bytes("82000000"));
        assertTrue(e.matched());
        assertEquals("positive", e.details().get("sessionResponse"));
    }

    @Test
    void negativeResponseCalledNameNotPresentStillProvesNetbios() {
        Evidence e = Robustness.immediate(nb, Hex.bytes("8300000182"));
        assertTrue(e.matched());
        assertEquals(0x82L, e.details().get("errorCode"));
    }

    @Test
    void keepAliveBeforeTheResponseIsSkipped() {
        assertTrue(Robustness.immediate(nb, Hex.bytes("85000000 82000000")).matched());
    }

    @Test
    void otherBytesAreNotNetbios() {
        assertFalse(Robustness.immediate(nb, "220 ftp ready\r\n".getBytes(StandardCharsets.US_ASCII)).matched());
        assertFalse(Robustness.immediate(nb, Hex.bytes("82000005")).matched(), "positive response has no payload");
    }
}
