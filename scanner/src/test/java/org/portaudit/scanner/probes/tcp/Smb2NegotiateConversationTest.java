package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class Smb2NegotiateConversationTest {
    private final Smb2NegotiateConversation smb = new Smb2NegotiateConversation();

    @Test
    void requestFollowsMsSmb2NegotiateStructure() {
        byte[] sent;
        try (Harness h = new Harness(smb)) {
            sent = h.sent();
        }
        ByteBuf b = Unpooled.wrappedBuffer(sent);
        assertEquals(0, b.getByte(0), "direct TCP header starts with a zero byte");
        assertEquals(sent.length - 4, b.getMedium(1), "24-bit length counts the SMB2 message");
        ByteBuf m = b.slice(4, sent.length - 4);
        assertEquals(0xfe534d42, m.getInt(0));
        assertEquals(64, m.getShortLE(4), "header StructureSize");
        assertEquals(0, m.getShortLE(12), "Command NEGOTIATE");
        assertEquals(0, m.getLongLE(24), "MessageId 0");
        assertEquals(36, m.getShortLE(64), "NEGOTIATE StructureSize");
        assertEquals(5, m.getShortLE(66), "DialectCount");
        assertEquals(1, m.getShortLE(68), "SecurityMode SIGNING_ENABLED");
        int[] dialects = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
        for (int i = 0; i < dialects.length; i++) {
            assertEquals(dialects[i], m.getShortLE(100 + 2 * i));
        }
        int ctxOffset = m.getIntLE(64 + 28);
        assertEquals(2, m.getShortLE(64 + 32), "NegotiateContextCount");
        assertEquals(0, ctxOffset % 8, "contexts are 8-byte aligned");
        assertTrue(ctxOffset >= 110);
        assertEquals(1, m.getShortLE(ctxOffset), "SMB2_PREAUTH_INTEGRITY_CAPABILITIES first");
        assertEquals(38, m.getShortLE(ctxOffset + 2));
        assertEquals(1, m.getShortLE(ctxOffset + 8), "HashAlgorithmCount");
        assertEquals(32, m.getShortLE(ctxOffset + 10), "SaltLength");
        assertEquals(1, m.getShortLE(ctxOffset + 12), "SHA-512");
        int second = (ctxOffset + 8 + 38 + 7) / 8 * 8;
        assertEquals(2, m.getShortLE(second), "SMB2_ENCRYPTION_CAPABILITIES second");
        assertEquals(6, m.getShortLE(second + 2));
        assertEquals(second + 8 + 6, m.readableBytes(), "nothing after the last context");
    }

    @Test
    void dialect311WithSigningRequired() {
        Evidence e = Robustness.whole(smb, Hex.resource("smb2-negotiate-311-spec.hex"));
        assertTrue(e.matched(), e.toString());
        assertEquals("3.1.1", e.details().get("dialect"));
        assertEquals(true, e.details().get("signingRequired"));
        assertEquals("12345678-1234-5678-9abc-def012345678", e.details().get("serverGuid"));
        assertEquals("SMB 3.1.1, signing required", e.summary());
    }

    @Test
    void dialect21WithSigningOnlyEnabled() {
        Evidence e = Robustness.whole(smb, Hex.bytes(
                "00000080fe534d4240000000000000000000010001000000000000000000000000000000fffe000000000000"
                + "000000000000000000000000000000000000000000000000410001001002000078563412341278569abcdef0"
                + "1234567807000000000001000000010000000100000000000000000000000000000000008000000000000000"));
        assertTrue(e.matched());
        assertEquals("2.1", e.details().get("dialect"));
        assertEquals(false, e.details().get("signingRequired"));
        assertEquals(true, e.details().get("signingEnabled"));
    }

    @Test
    void smb1OnlyServerIsStillSmb() {
        Evidence e = Robustness.whole(smb, Hex.bytes("00000025 ff534d42 72 00000000 98 0128 0000 0000000000000000 0000 0000 fffe 0000 0000 01 ffff 0000"));
        assertTrue(e.matched());
        assertEquals("SMB1", e.details().get("dialect"));
    }

    @Test
    void errorStatusIsSmb2ButNoDialect() {
        // Header only, STATUS_NOT_SUPPORTED (0xC00000BB), then an ERROR body (2.2.2).
        Evidence e = Robustness.whole(smb, Hex.bytes("00000049 fe534d42 4000 0000 bb0000c0 0000 0100 01000000 00000000"
                + "0000000000000000 00000000 00000000 0000000000000000 00000000000000000000000000000000 0900 0000 00000000 00"));
        assertTrue(e.matched());
        assertEquals(0xc00000bbL, e.details().get("ntStatus"));
        assertEquals("0xc00000bb", e.details().get("ntStatusHex"));
    }

    @Test
    void requestEchoedIsNotAResponse() {
        byte[] echo;
        try (Harness h = new Harness(smb)) {
            echo = h.sent();
        }
        assertFalse(Robustness.whole(smb, echo).matched(), "no SERVER_TO_REDIR flag");
    }

    @Test
    void textPeerIsRejectedOnItsFirstByte() {
        assertFalse(Robustness.immediate(smb, "SSH-2.0-OpenSSH_9.2\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).matched());
    }

    @Test
    void announcedLengthBeyondTheBoundIsRejectedAtOnce() {
        assertFalse(Robustness.immediate(smb, Hex.bytes("00ffffff fe534d42")).matched());
    }
}
