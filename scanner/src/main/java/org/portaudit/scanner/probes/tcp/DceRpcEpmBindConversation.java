package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Details;

/**
 * Connection-oriented DCE/RPC (C706 chapter 12, MS-RPCE 2.2.2): a bind to the endpoint mapper
 * interface e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0 with the NDR transfer syntax. A bind_ack
 * proves an RPC server (its result says whether it accepted the endpoint mapper); a bind_nak is
 * RPC too.
 */
final class DceRpcEpmBindConversation extends ExchangeConversation {
    static final String NAME = "dcerpc-epm-bind";
    static final UUID EPM = UUID.fromString("e1af8308-5d1f-11c9-91a4-08002b14a0fa");
    static final UUID NDR = UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860");
    static final int CALL_ID = 1;
    static final int MAX_FRAG = 4280;

    private static final int PTYPE_BIND = 11;
    private static final int PTYPE_BIND_ACK = 12;
    private static final int PTYPE_BIND_NAK = 13;
    private static final int COMMON_HEADER = 16;

    DceRpcEpmBindConversation() {
        super(NAME, DEFAULT_MAX_REPLY);
    }

    /** A UUID in NDR little-endian wire order (first three fields little-endian). */
    static void writeUuid(ByteBuf b, UUID u) {
        long hi = u.getMostSignificantBits();
        b.writeIntLE((int) (hi >>> 32));
        b.writeShortLE((int) (hi >>> 16));
        b.writeShortLE((int) hi);
        b.writeLong(u.getLeastSignificantBits());
    }

    static UUID readUuid(ByteBuf b, int at, boolean littleEndian) {
        long timeLow = littleEndian ? b.getUnsignedIntLE(at) : b.getUnsignedInt(at);
        long timeMid = littleEndian ? b.getUnsignedShortLE(at + 4) : b.getUnsignedShort(at + 4);
        long timeHi = littleEndian ? b.getUnsignedShortLE(at + 6) : b.getUnsignedShort(at + 6);
        return new UUID(timeLow << 32 | timeMid << 16 | timeHi, b.getLong(at + 8));
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        ByteBuf b = alloc.buffer(72);
        b.writeByte(5).writeByte(0);        // rpc_vers 5.0
        b.writeByte(PTYPE_BIND);
        b.writeByte(0x03);                  // PFC_FIRST_FRAG | PFC_LAST_FRAG
        b.writeInt(0x10000000);             // packed_drep: little-endian, ASCII, IEEE
        b.writeShortLE(72);                 // frag_length
        b.writeShortLE(0);                  // auth_length
        b.writeIntLE(CALL_ID);
        b.writeShortLE(MAX_FRAG).writeShortLE(MAX_FRAG); // max_xmit_frag, max_recv_frag
        b.writeIntLE(0);                    // assoc_group_id
        b.writeByte(1).writeByte(0).writeShortLE(0);     // n_context_elem, reserved
        b.writeShortLE(0);                  // p_cont_id
        b.writeByte(1).writeByte(0);        // n_transfer_syn, reserved
        writeUuid(b, EPM);
        b.writeShortLE(3).writeShortLE(0);  // interface version 3.0
        writeUuid(b, NDR);
        b.writeIntLE(2);                    // NDR version 2
        return b;
    }

    @Override
    protected Verdict judge(ByteBuf r, boolean ended) {
        int at = r.readerIndex();
        int have = r.writerIndex() - at;
        if (have >= 1 && r.getUnsignedByte(at) != 5 || have >= 2 && r.getUnsignedByte(at + 1) != 0) {
            throw new MalformedReplyException("not DCE/RPC: version is not 5.0");
        }
        int ptype = have >= 3 ? r.getUnsignedByte(at + 2) : PTYPE_BIND_ACK;
        if (ptype != PTYPE_BIND_ACK && ptype != PTYPE_BIND_NAK) {
            throw new MalformedReplyException("not DCE/RPC: PDU type " + ptype + " in reply to a bind");
        }
        if (have < 10) {
            return Verdict.NEED_MORE;
        }
        boolean le = (r.getUnsignedByte(at + 4) & 0x10) != 0;
        int fragLength = le ? r.getUnsignedShortLE(at + 8) : r.getUnsignedShort(at + 8);
        if (fragLength < COMMON_HEADER + 2 || fragLength > MAX_FRAG) {
            throw new MalformedReplyException("not DCE/RPC: frag_length " + fragLength);
        }
        if (have < fragLength) {
            return Verdict.NEED_MORE;
        }
        ByteBuf pdu = r.slice(at, fragLength);
        long callId = le ? pdu.getUnsignedIntLE(12) : pdu.getUnsignedInt(12);
        if (callId != CALL_ID) {
            throw new MalformedReplyException("not DCE/RPC: call_id " + callId + " is not ours");
        }
        return Verdict.done(ptype == PTYPE_BIND_NAK ? nak(pdu, le) : ack(pdu, le));
    }

    private static Evidence nak(ByteBuf pdu, boolean le) {
        int reason = le ? pdu.getUnsignedShortLE(16) : pdu.getUnsignedShort(16);
        return new Evidence(NAME, "DCE/RPC bind_nak (reason " + reason + ")", true,
                Map.of("bindResult", "bind_nak", "rejectReason", reason));
    }

    private static Evidence ack(ByteBuf pdu, boolean le) {
        int n = pdu.readableBytes();
        if (n < 26) {
            throw new MalformedReplyException("not DCE/RPC: bind_ack too short");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bindResult", "bind_ack");
        details.put("maxXmitFrag", le ? pdu.getUnsignedShortLE(16) : pdu.getUnsignedShort(16));
        int secLen = le ? pdu.getUnsignedShortLE(24) : pdu.getUnsignedShort(24);
        int pos = 26;
        if (pos + secLen > n) {
            throw new MalformedReplyException("not DCE/RPC: secondary address overruns the PDU");
        }
        if (secLen > 1) {
            byte[] port = new byte[secLen - 1]; // without its NUL
            pdu.getBytes(pos, port);
            details.put("secondaryAddress", Details.value(Replies.text(port, 64)));
        }
        pos += secLen;
        pos = (pos + 3) & ~3; // align to 4
        if (pos + 4 + 24 > n) {
            throw new MalformedReplyException("not DCE/RPC: bind_ack without a result list");
        }
        int results = pdu.getUnsignedByte(pos);
        if (results < 1) {
            throw new MalformedReplyException("not DCE/RPC: bind_ack with no results");
        }
        int result = le ? pdu.getUnsignedShortLE(pos + 4) : pdu.getUnsignedShort(pos + 4);
        UUID syntax = readUuid(pdu, pos + 8, le);
        String resultName = switch (result) {
            case 0 -> "acceptance";
            case 1 -> "user_rejection";
            case 2 -> "provider_rejection";
            default -> "result " + result;
        };
        details.put("contextResultCode", result);
        details.put("contextResult", resultName);
        details.put("transferSyntax", syntax.equals(NDR) ? "NDR" : syntax.toString());
        String summary = result == 0
                ? "DCE/RPC bind_ack: endpoint mapper accepted with " + details.get("transferSyntax")
                : "DCE/RPC bind_ack: endpoint mapper context " + resultName;
        return new Evidence(NAME, summary, true, details);
    }
}
