package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class DceRpcEpmBindConversationTest {
    private final DceRpcEpmBindConversation rpc = new DceRpcEpmBindConversation();

    @Test
    void requestIsABindToTheEndpointMapperWithNdr() {
        try (Harness h = new Harness(rpc)) {
            assertEquals("05000b03" + "10000000" + "4800" + "0000" + "01000000"   // header: v5.0 bind, first+last, LE drep, 72 bytes, call 1
                    + "b810" + "b810" + "00000000"                                // max xmit/recv 4280, assoc group 0
                    + "01000000" + "0000" + "0100"                                // 1 context; id 0, 1 transfer syntax
                    + "0883afe1" + "1f5d" + "c911" + "91a408002b14a0fa" + "0300" + "0000" // EPM v3.0
                    + "045d888a" + "eb1c" + "c911" + "9fe808002b104860" + "02000000",     // NDR v2
                    Hex.of(h.sent()));
        }
    }

    @Test
    void bindAckAcceptingNdrIsRecognised() {
        Evidence e = Robustness.whole(rpc, Hex.resource("dcerpc-epm-bind-ack-spec.hex"));
        assertTrue(e.matched(), e.toString());
        assertEquals("bind_ack", e.details().get("bindResult"));
        assertEquals("acceptance", e.details().get("contextResult"));
        assertEquals("NDR", e.details().get("transferSyntax"));
        assertEquals(135L, e.details().get("secondaryAddress"));
    }

    @Test
    void bigEndianBindAckIsDecodedByItsDataRepresentation() {
        Evidence e = Robustness.whole(rpc, Hex.bytes("05000c0300000000003c00000000000110b810b800012345000431333500000001000000"
                + "000200028a885d041ceb11c99fe808002b10486000000002"));
        assertTrue(e.matched(), e.toString());
        assertEquals("provider_rejection", e.details().get("contextResult"));
    }

    @Test
    void bindNakIsRpcToo() {
        Evidence e = Robustness.whole(rpc, Hex.bytes("05000d0310000000 1400 0000 01000000 0400 0000"));
        assertTrue(e.matched());
        assertEquals("bind_nak", e.details().get("bindResult"));
    }

    @Test
    void secondaryAddressOverrunningThePduIsMalformed() {
        assertFalse(Robustness.whole(rpc, Hex.bytes("05000c0310000000 2000 0000 01000000 b810b810 00000000 ff00 313335 00")).matched());
    }

    @Test
    void otherPeersAreNotRpc() {
        assertFalse(Robustness.immediate(rpc, "HTTP/1.1 400".getBytes(StandardCharsets.US_ASCII)).matched());
        assertFalse(Robustness.immediate(rpc, Hex.bytes("0500020310000000")).matched(), "a response PDU is no bind reply");
    }
}
