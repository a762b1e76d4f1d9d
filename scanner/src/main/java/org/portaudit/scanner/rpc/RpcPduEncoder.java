package org.portaudit.scanner.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.UUID;

/** Writes {@link RpcPdu.Bind} and {@link RpcPdu.Request} as single-fragment little-endian PDUs. */
@ChannelHandler.Sharable
public final class RpcPduEncoder extends MessageToByteEncoder<RpcPdu.Outbound> {
    @Override
    protected void encode(ChannelHandlerContext ctx, RpcPdu.Outbound msg, ByteBuf out) {
        encode(msg, out);
    }

    public static void encode(RpcPdu.Outbound msg, ByteBuf out) {
        int start = out.writerIndex();
        if (msg instanceof RpcPdu.Bind b) {
            header(out, RpcPdu.PTYPE_BIND, b.callId());
            out.writeShortLE(b.maxXmitFrag());
            out.writeShortLE(b.maxRecvFrag());
            out.writeIntLE(0); // assoc_group_id: a new association group
            out.writeByte(1); // n_context_elem
            out.writeByte(0);
            out.writeShortLE(0);
            out.writeShortLE(0); // p_cont_id
            out.writeByte(1); // n_transfer_syn
            out.writeByte(0);
            syntax(out, b.abstractSyntax());
            syntax(out, b.transferSyntax());
        } else if (msg instanceof RpcPdu.Request q) {
            header(out, RpcPdu.PTYPE_REQUEST, q.callId());
            out.writeIntLE(q.stub().length); // alloc_hint
            out.writeShortLE(q.contextId());
            out.writeShortLE(q.opnum());
            out.writeBytes(q.stub());
        }
        out.setShortLE(start + 8, out.writerIndex() - start); // frag_length
    }

    private static void header(ByteBuf out, int type, int callId) {
        out.writeByte(RpcPdu.VERSION);
        out.writeByte(RpcPdu.VERSION_MINOR);
        out.writeByte(type);
        out.writeByte(RpcPdu.PFC_FIRST_FRAG | RpcPdu.PFC_LAST_FRAG);
        out.writeBytes(RpcPdu.DREP_LE);
        out.writeShortLE(0); // frag_length, patched at the end
        out.writeShortLE(0); // auth_length
        out.writeIntLE(callId);
    }

    static void syntax(ByteBuf out, RpcPdu.SyntaxId id) {
        uuid(out, id.uuid());
        out.writeShortLE(id.major());
        out.writeShortLE(id.minor());
    }

    /** A UUID in NDR little-endian layout: time_low, time_mid, time_hi_and_version little-endian, then 8 bytes. */
    static void uuid(ByteBuf out, UUID u) {
        long msb = u.getMostSignificantBits();
        out.writeIntLE((int) (msb >>> 32));
        out.writeShortLE((int) (msb >>> 16));
        out.writeShortLE((int) msb);
        out.writeLong(u.getLeastSignificantBits());
    }
}
