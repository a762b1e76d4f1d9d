package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class DnsConversationTest {
    private final DnsConversation dns = new DnsConversation();

    @Test
    void requestIsALengthPrefixedRootNsQuery() {
        try (Harness h = new Harness(dns)) {
            // RFC 1035 4.1.1/4.1.2 and 4.2.2: length 17; ID; no flags; one question: ".", NS, IN.
            assertEquals("0011" + "5041" + "0000" + "0001000000000000" + "00" + "0002" + "0001", Hex.of(h.sent()));
        }
    }

    @Test
    void responseIsRecognisedWhateverItsRcode() {
        Evidence e = Robustness.whole(dns, Hex.resource("dns-refused-spec.hex"));
        assertTrue(e.matched(), e.toString());
        assertEquals("REFUSED", e.details().get("rcodeName"));
        assertEquals(5L, e.details().get("rcode"));
        assertEquals(0L, e.details().get("answers"));
    }

    @Test
    void queryEchoedBackOrForeignIdIsNotAResponse() {
        assertFalse(Robustness.whole(dns, Hex.bytes("0011 5041 0000 0001000000000000 00 0002 0001")).matched());
        assertFalse(Robustness.whole(dns, Hex.bytes("0011 1234 8000 0001000000000000 00 0002 0001")).matched());
    }

    @Test
    void announcedLengthBelowAHeaderIsNotDns() {
        assertFalse(Robustness.immediate(dns, Hex.bytes("0003 504180")).matched());
    }
}
