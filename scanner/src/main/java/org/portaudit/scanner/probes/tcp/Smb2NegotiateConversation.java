package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Guids;

/**
 * SMB2 NEGOTIATE over direct TCP (MS-SMB2 2.1, 2.2.3, 2.2.4), offering dialects 2.0.2 to 3.1.1
 * (with the preauthentication-integrity context 3.1.1 requires). The response gives the chosen
 * dialect and whether the server requires signing. An SMB1 reply is SMB too, and said so.
 */
final class Smb2NegotiateConversation extends ExchangeConversation {
    static final String NAME = "smb2-negotiate";
    static final int[] DIALECTS = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};

    static final int HEADER = 64;
    private static final int SIGNING_ENABLED = 0x0001;
    private static final int SIGNING_REQUIRED = 0x0002;

    Smb2NegotiateConversation() {
        super(NAME, DEFAULT_MAX_REPLY);
    }

    /** The dialect revision as people write it ("3.1.1"); "2.???" (0x02FF) is the wildcard. */
    static String dialectName(int revision) {
        return switch (revision) {
            case 0x0202 -> "2.0.2";
            case 0x0210 -> "2.1";
            case 0x0300 -> "3.0";
            case 0x0302 -> "3.0.2";
            case 0x0311 -> "3.1.1";
            case 0x02ff -> "2.???";
            default -> String.format("0x%04x", revision);
        };
    }

    /** The request: 4-byte direct-TCP header, SMB2 header, NEGOTIATE request, negotiate contexts. */
    static ByteBuf requestBytes(ByteBufAllocator alloc) {
        ByteBuf m = alloc.buffer(256);
        m.writeInt(0); // direct TCP transport header (zero byte + 24-bit length), filled in below
        int smb = m.writerIndex();
        // SMB2 sync header (2.2.1.2)
        m.writeBytes(new byte[] {(byte) 0xfe, 'S', 'M', 'B'});
        m.writeShortLE(HEADER);  // StructureSize
        m.writeShortLE(0);       // CreditCharge
        m.writeIntLE(0);         // ChannelSequence/Reserved
        m.writeShortLE(0);       // Command NEGOTIATE
        m.writeShortLE(1);       // CreditRequest
        m.writeIntLE(0);         // Flags
        m.writeIntLE(0);         // NextCommand
        m.writeLongLE(0);        // MessageId
        m.writeIntLE(0);         // Reserved
        m.writeIntLE(0);         // TreeId
        m.writeLongLE(0);        // SessionId
        m.writeZero(16);         // Signature
        // NEGOTIATE request (2.2.3)
        m.writeShortLE(36);                     // StructureSize
        m.writeShortLE(DIALECTS.length);        // DialectCount
        m.writeShortLE(SIGNING_ENABLED);        // SecurityMode
        m.writeShortLE(0);                      // Reserved
        m.writeIntLE(0);                        // Capabilities
        m.writeBytes(new byte[] {'p', 'o', 'r', 't', 'a', 'u', 'd', 'i', 't', '-', 'p', 'r', 'o', 'b', 'e', 0}); // ClientGuid
        int contextOffsetAt = m.writerIndex();
        m.writeIntLE(0);                        // NegotiateContextOffset, filled in below
        m.writeShortLE(2);                      // NegotiateContextCount
        m.writeShortLE(0);                      // Reserved2
        for (int d : DIALECTS) {
            m.writeShortLE(d);
        }
        pad8(m, smb);
        m.setIntLE(contextOffsetAt, m.writerIndex() - smb);
        // SMB2_PREAUTH_INTEGRITY_CAPABILITIES (2.2.3.1.1): SHA-512 and a 32-byte salt
        m.writeShortLE(0x0001).writeShortLE(38).writeIntLE(0);
        m.writeShortLE(1).writeShortLE(32).writeShortLE(0x0001);
        for (int i = 0; i < 32; i++) {
            m.writeByte(i);
        }
        pad8(m, smb);
        // SMB2_ENCRYPTION_CAPABILITIES (2.2.3.1.2): AES-128-GCM, AES-128-CCM
        m.writeShortLE(0x0002).writeShortLE(6).writeIntLE(0);
        m.writeShortLE(2).writeShortLE(0x0002).writeShortLE(0x0001);
        m.setInt(0, m.writerIndex() - smb);
        return m;
    }

    private static void pad8(ByteBuf m, int base) {
        while ((m.writerIndex() - base) % 8 != 0) {
            m.writeByte(0);
        }
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        return requestBytes(alloc);
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        if (reply.isReadable() && reply.getByte(reply.readerIndex()) != 0) {
            throw new MalformedReplyException("not SMB: direct TCP header does not start with zero");
        }
        int body = Frames.prefixedBody(reply, 4, 4, maxReplyBytes() - 4, "SMB");
        if (body < 0) {
            return Verdict.NEED_MORE;
        }
        return Verdict.done(decode(reply.slice(reply.readerIndex() + 4, body)));
    }

    private static final int SMB1_HEADER = 32;
    private static final int SMB1_NEGOTIATE = 0x72;
    private static final int SMB1_REPLY = 0x80;

    /**
     * An SMB1 reply (MS-CIFS 2.2.3.1, 2.2.4.52.2): only a whole NEGOTIATE response is SMB1 - the 32-byte header
     * with command NEGOTIATE and the reply flag, then a parameter block (WordCount 17 for NT LM 0.12, 13 for
     * LANMAN, 1 when no dialect was chosen, 0 for an error) and a data block whose ByteCount fits the message.
     */
    static Evidence smb1(ByteBuf m) {
        if (m.readableBytes() < SMB1_HEADER + 3) {
            throw new MalformedReplyException("not SMB: " + m.readableBytes() + " bytes of an SMB1 header");
        }
        if (m.getUnsignedByte(4) != SMB1_NEGOTIATE || (m.getUnsignedByte(9) & SMB1_REPLY) == 0) {
            throw new MalformedReplyException("not SMB: an SMB1 header that is not a NEGOTIATE response");
        }
        long status = m.getUnsignedIntLE(5);
        int words = m.getUnsignedByte(SMB1_HEADER);
        if (words != 17 && words != 13 && words != 1 && !(words == 0 && status != 0)) {
            throw new MalformedReplyException("not SMB: an SMB1 NEGOTIATE response with WordCount " + words);
        }
        int byteCountAt = SMB1_HEADER + 1 + 2 * words;
        if (m.readableBytes() < byteCountAt + 2
                || m.getUnsignedShortLE(byteCountAt) != m.readableBytes() - byteCountAt - 2) {
            throw new MalformedReplyException("not SMB: an SMB1 NEGOTIATE response whose ByteCount does not fit");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dialect", "SMB1");
        if (status != 0) {
            details.put("ntStatus", status);
            details.put("ntStatusHex", String.format("0x%08x", status));
        } else {
            details.put("dialectIndex", m.getUnsignedShortLE(SMB1_HEADER + 1));
        }
        return new Evidence(NAME, "SMB1 NEGOTIATE response to an SMB2 NEGOTIATE (server speaks only SMB1)", true,
                details);
    }

    /** Decodes an SMB message (after the direct-TCP header). */
    static Evidence decode(ByteBuf m) {
        int magic = m.readableBytes() >= 4 ? m.getInt(0) : 0;
        if (magic == 0xff534d42) { // 0xFF 'SMB': an SMB1-only server answering our SMB2 request
            return smb1(m);
        }
        if (magic != 0xfe534d42 || m.readableBytes() < HEADER) {
            throw new MalformedReplyException("not SMB2: no SMB2 header");
        }
        if (m.getUnsignedShortLE(4) != HEADER || m.getUnsignedShortLE(12) != 0 || (m.getIntLE(16) & 1) == 0) {
            throw new MalformedReplyException("not SMB2: not a NEGOTIATE response header");
        }
        if (m.getLongLE(24) != 0) {
            throw new MalformedReplyException("not SMB2: the response's MessageId is not the request's (0)");
        }
        long status = m.getUnsignedIntLE(8);
        Map<String, Object> details = new LinkedHashMap<>();
        if (status != 0) {
            // MS-SMB2 2.2.2: a failed request is answered with an ERROR response (StructureSize 9).
            if (m.readableBytes() < HEADER + 8 || m.getUnsignedShortLE(HEADER) != 9
                    || m.getUnsignedIntLE(HEADER + 4) > m.readableBytes() - HEADER - 8) {
                throw new MalformedReplyException("not SMB2: a failure status without an SMB2 ERROR response");
            }
            details.put("ntStatus", status);
            details.put("ntStatusHex", String.format("0x%08x", status));
            return new Evidence(NAME, String.format("SMB2 NEGOTIATE failed with status 0x%08x", status), true, details);
        }
        if (m.readableBytes() < HEADER + 64 || m.getUnsignedShortLE(HEADER) != 65) {
            throw new MalformedReplyException("not SMB2: NEGOTIATE response too short");
        }
        int securityMode = m.getUnsignedShortLE(HEADER + 2);
        int revision = m.getUnsignedShortLE(HEADER + 4);
        if (revision != 0x02ff && java.util.Arrays.stream(DIALECTS).noneMatch(d -> d == revision)) {
            throw new MalformedReplyException("not SMB2: the NEGOTIATE response chose dialect "
                    + dialectName(revision) + ", which was not offered");
        }
        int blobOffset = m.getUnsignedShortLE(HEADER + 56);
        int blobLength = m.getUnsignedShortLE(HEADER + 58);
        if (blobLength > 0 && (blobOffset < HEADER + 64 || blobOffset + blobLength > m.readableBytes())) {
            throw new MalformedReplyException("not SMB2: the NEGOTIATE response's security buffer lies outside it");
        }
        long capabilities = m.getUnsignedIntLE(HEADER + 24);
        boolean required = (securityMode & SIGNING_REQUIRED) != 0;
        details.put("dialect", dialectName(revision));
        details.put("signingEnabled", (securityMode & SIGNING_ENABLED) != 0);
        details.put("signingRequired", required);
        details.put("capabilities", String.format("0x%08x", capabilities));
        details.put("serverGuid", Guids.text(ByteBufUtil.getBytes(m, HEADER + 8, 16)));
        details.put("maxReadSize", m.getUnsignedIntLE(HEADER + 32));
        return new Evidence(NAME, "SMB " + dialectName(revision) + ", signing "
                + (required ? "required" : "not required"), true, details);
    }
}
