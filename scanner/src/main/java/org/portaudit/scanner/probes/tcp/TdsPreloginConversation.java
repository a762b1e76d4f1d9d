package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Evidence;

/**
 * MS-SQL TDS PRELOGIN (MS-TDS 2.2.6.5): one PRELOGIN packet; the server's PRELOGIN response (in a
 * tabular-result packet, 2.2.3.1) carries its version in the VERSION option.
 */
final class TdsPreloginConversation extends ExchangeConversation {
    static final String NAME = "tds-prelogin";

    private static final int TYPE_PRELOGIN = 0x12;
    private static final int TYPE_RESPONSE = 0x04;
    private static final int STATUS_EOM = 0x01;
    private static final int HEADER = 8;
    private static final int OPT_VERSION = 0x00;
    private static final int OPT_ENCRYPTION = 0x01;
    private static final int OPT_TERMINATOR = 0xff;
    private static final int MAX_PACKETS = 16;

    TdsPreloginConversation() {
        super(NAME, 32 * 1024);
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        // Options: VERSION(6) ENCRYPTION(1) INSTOPT(1) THREADID(4) MARS(1); 5 tokens + terminator = 26.
        int[][] options = {{0x00, 6}, {0x01, 1}, {0x02, 1}, {0x03, 4}, {0x04, 1}};
        int payload = 26 + 13;
        ByteBuf b = alloc.buffer(HEADER + payload);
        b.writeByte(TYPE_PRELOGIN).writeByte(STATUS_EOM).writeShort(HEADER + payload);
        b.writeShort(0).writeByte(1).writeByte(0); // SPID, PacketID, Window
        int offset = 26;
        for (int[] o : options) {
            b.writeByte(o[0]).writeShort(offset).writeShort(o[1]);
            offset += o[1];
        }
        b.writeByte(OPT_TERMINATOR);
        b.writeZero(6);                 // VERSION: a client sends zeros
        b.writeByte(0x02);              // ENCRYPTION: ENCRYPT_NOT_SUP
        b.writeByte(0x00);              // INSTOPT: default instance (empty string)
        b.writeInt(0);                  // THREADID
        b.writeByte(0x00);              // MARS off
        return b;
    }

    @Override
    protected Verdict judge(ByteBuf r, boolean ended) {
        // Check the packet headers up to the one with EOM (cheap), then join their payloads once.
        int at = r.readerIndex();
        for (int packets = 1; ; packets++) {
            int have = r.writerIndex() - at;
            if (have >= 1 && r.getUnsignedByte(at) != TYPE_RESPONSE) {
                throw new MalformedReplyException("not TDS: packet type " + r.getUnsignedByte(at));
            }
            if (have < HEADER) {
                return Verdict.NEED_MORE;
            }
            int status = r.getUnsignedByte(at + 1);
            int length = r.getUnsignedShort(at + 2);
            if (length <= HEADER || (status & ~0x1f) != 0) {
                throw new MalformedReplyException("not TDS: packet length " + length + ", status " + status);
            }
            if (have < length) {
                return Verdict.NEED_MORE;
            }
            at += length;
            if ((status & STATUS_EOM) != 0) {
                break;
            }
            if (packets == MAX_PACKETS) {
                throw new MalformedReplyException("not TDS: more than " + MAX_PACKETS + " packets without EOM");
            }
        }
        ByteBuf payload = r.alloc().heapBuffer(at - r.readerIndex());
        try {
            for (int pos = r.readerIndex(); pos < at; pos += r.getUnsignedShort(pos + 2)) {
                payload.writeBytes(r, pos + HEADER, r.getUnsignedShort(pos + 2) - HEADER);
            }
            return Verdict.done(decode(payload));
        } finally {
            payload.release();
        }
    }

    /** Decodes a PRELOGIN response payload (option tokens, then their data). */
    static Evidence decode(ByteBuf p) {
        int n = p.readableBytes();
        Map<String, Object> details = new LinkedHashMap<>();
        String version = null;
        for (int pos = 0; ; pos += 5) {
            if (pos >= n) {
                throw new MalformedReplyException("not TDS: PRELOGIN option list has no terminator");
            }
            int token = p.getUnsignedByte(pos);
            if (token == OPT_TERMINATOR) {
                break;
            }
            if (pos + 5 > n) {
                throw new MalformedReplyException("not TDS: truncated PRELOGIN option");
            }
            int offset = p.getUnsignedShort(pos + 1);
            int length = p.getUnsignedShort(pos + 3);
            if (offset + length > n) {
                throw new MalformedReplyException("not TDS: PRELOGIN option " + token + " overruns the payload");
            }
            if (token == OPT_VERSION) {
                if (length < 6) {
                    throw new MalformedReplyException("not TDS: VERSION option of " + length + " bytes");
                }
                version = p.getUnsignedByte(offset) + "." + p.getUnsignedByte(offset + 1) + "."
                        + p.getUnsignedShort(offset + 2);
                details.put("version", version);
                details.put("subBuild", p.getUnsignedShort(offset + 4));
            } else if (token == OPT_ENCRYPTION && length >= 1) {
                int e = p.getUnsignedByte(offset);
                details.put("encryption", switch (e) {
                    case 0 -> "ENCRYPT_OFF";
                    case 1 -> "ENCRYPT_ON";
                    case 2 -> "ENCRYPT_NOT_SUP";
                    case 3 -> "ENCRYPT_REQ";
                    default -> "0x" + Integer.toHexString(e);
                });
            }
        }
        if (version == null) {
            throw new MalformedReplyException("not TDS: PRELOGIN response without VERSION");
        }
        return new Evidence(NAME, "MS-SQL TDS PRELOGIN: server version " + version, true, details);
    }
}
