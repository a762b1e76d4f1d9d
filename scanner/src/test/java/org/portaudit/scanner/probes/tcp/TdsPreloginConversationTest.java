package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class TdsPreloginConversationTest {
    private final TdsPreloginConversation tds = new TdsPreloginConversation();

    @Test
    void requestIsOnePreloginPacketWithConsistentOptionOffsets() {
        byte[] sent;
        try (Harness h = new Harness(tds)) {
            sent = h.sent();
        }
        ByteBuf b = Unpooled.wrappedBuffer(sent);
        assertEquals(0x12, b.getUnsignedByte(0), "PRELOGIN packet type");
        assertEquals(0x01, b.getUnsignedByte(1), "EOM");
        assertEquals(sent.length, b.getUnsignedShort(2), "length includes the header");
        ByteBuf p = b.slice(8, sent.length - 8);
        int expectedOffset = 26;
        int[] tokens = {0, 1, 2, 3, 4};
        int[] lengths = {6, 1, 1, 4, 1};
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(tokens[i], p.getUnsignedByte(5 * i));
            assertEquals(expectedOffset, p.getUnsignedShort(5 * i + 1));
            assertEquals(lengths[i], p.getUnsignedShort(5 * i + 3));
            expectedOffset += lengths[i];
        }
        assertEquals(0xff, p.getUnsignedByte(25), "terminator");
        assertEquals(expectedOffset, p.readableBytes());
        assertEquals(2, p.getUnsignedByte(32), "ENCRYPT_NOT_SUP");
    }

    @Test
    void versionIsReadFromAResponseSplitOverTwoPackets() {
        Evidence e = Robustness.whole(tds, Hex.resource("tds-prelogin-response-spec.hex"));
        assertTrue(e.matched(), e.toString());
        assertEquals("15.0.2000", e.details().get("version"));
        assertEquals(5L, e.details().get("subBuild"));
        assertEquals("ENCRYPT_OFF", e.details().get("encryption"));
    }

    @Test
    void optionPointingPastThePayloadIsMalformed() {
        assertFalse(Robustness.whole(tds, Hex.bytes("0401000e00000100 00 00ff0006 ff")).matched());
    }

    @Test
    void endlessPacketsWithoutEomAreRefused() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            many.append("0400000900000100ff");
        }
        assertFalse(Robustness.immediate(tds, Hex.bytes(many.toString())).matched());
    }

    @Test
    void otherPeersAreNotTds() {
        assertFalse(Robustness.immediate(tds, "+OK POP3 ready\r\n".getBytes(StandardCharsets.US_ASCII)).matched());
    }
}
