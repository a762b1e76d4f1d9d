package org.portaudit.scanner.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns one framed PDU (from {@link RpcFrameDecoder}) into an {@link RpcPdu.Inbound}. */
public final class RpcPduDecoder extends MessageToMessageDecoder<ByteBuf> {
    /** A bind_ack never carries more results than we offered contexts; allow a few. */
    static final int MAX_RESULTS = 8;
    static final int MAX_SECONDARY_ADDRESS = 256;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws RpcException {
        out.add(decode(ByteBufUtil.getBytes(frame)));
    }

    /** Decodes one complete PDU (header included). */
    public static RpcPdu.Inbound decode(byte[] pdu) throws RpcException {
        NdrReader r = new NdrReader(pdu);
        int version = r.u8("rpc_vers");
        int minor = r.u8("rpc_vers_minor");
        int type = r.u8("PTYPE");
        int flags = r.u8("pfc_flags");
        int drep0 = r.u8("drep");
        r.skip(3, "drep");
        int fragLength = r.u16("frag_length");
        int authLength = r.u16("auth_length");
        int callId = (int) r.u32("call_id");
        if (version != RpcPdu.VERSION || minor > 1) {
            throw RpcException.malformed("not a connection-oriented DCE/RPC PDU (version " + version + "." + minor + ")");
        }
        if ((drep0 & 0xf0) != 0x10) {
            throw RpcException.malformed("unsupported data representation (only little-endian)");
        }
        if (fragLength != pdu.length) {
            throw RpcException.malformed("frag_length " + fragLength + " but PDU has " + pdu.length + " bytes");
        }
        // The body ends where the authentication verifier (8-byte sec_trailer + auth_length) begins.
        int bodyEnd = pdu.length;
        if (authLength > 0) {
            bodyEnd = pdu.length - authLength - 8;
            if (bodyEnd < RpcPdu.HEADER_LENGTH) {
                throw RpcException.malformed("auth_length " + authLength + " larger than the PDU");
            }
        }
        NdrReader body = new NdrReader(pdu, RpcPdu.HEADER_LENGTH, bodyEnd);
        return switch (type) {
            case RpcPdu.PTYPE_BIND_ACK -> bindAck(body, callId, flags);
            case RpcPdu.PTYPE_BIND_NAK -> new RpcPdu.BindNak(callId, flags, body.u16("provider_reject_reason"));
            case RpcPdu.PTYPE_RESPONSE -> response(body, pdu, bodyEnd, callId, flags);
            case RpcPdu.PTYPE_FAULT -> fault(body, callId, flags);
            default -> new RpcPdu.Other(callId, flags, type);
        };
    }

    private static RpcPdu.BindAck bindAck(NdrReader r, int callId, int flags) throws RpcException {
        int maxXmit = r.u16("max_xmit_frag");
        int maxRecv = r.u16("max_recv_frag");
        long assoc = r.u32("assoc_group_id");
        int addrLen = r.u16("sec_addr length");
        if (addrLen > MAX_SECONDARY_ADDRESS) {
            throw RpcException.malformed("sec_addr length " + addrLen + " exceeds " + MAX_SECONDARY_ADDRESS);
        }
        byte[] addr = r.bytes(addrLen, "sec_addr");
        int nul = 0;
        while (nul < addr.length && addr[nul] != 0) {
            nul++;
        }
        String secondary = new String(addr, 0, nul, StandardCharsets.ISO_8859_1);
        r.align(4);
        int n = r.u8("n_results");
        r.skip(3, "p_result_list reserved");
        if (n > MAX_RESULTS) {
            throw RpcException.malformed("bind_ack with " + n + " results");
        }
        List<RpcPdu.ContextResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int result = r.u16("result");
            int reason = r.u16("reason");
            RpcPdu.SyntaxId ts = new RpcPdu.SyntaxId(r.uuid("transfer_syntax"), r.u16("version"), r.u16("version"));
            results.add(new RpcPdu.ContextResult(result, reason, ts));
        }
        return new RpcPdu.BindAck(callId, flags, maxXmit, maxRecv, assoc, secondary, results);
    }

    private static RpcPdu.Response response(NdrReader r, byte[] pdu, int bodyEnd, int callId, int flags)
            throws RpcException {
        long allocHint = r.u32("alloc_hint");
        int ctxId = r.u16("p_cont_id");
        r.u8("cancel_count");
        r.u8("reserved");
        int stubStart = r.position();
        byte[] stub = new byte[bodyEnd - stubStart];
        System.arraycopy(pdu, stubStart, stub, 0, stub.length);
        return new RpcPdu.Response(callId, flags, allocHint, ctxId, stub);
    }

    private static RpcPdu.Fault fault(NdrReader r, int callId, int flags) throws RpcException {
        r.u32("alloc_hint");
        int ctxId = r.u16("p_cont_id");
        r.u8("cancel_count");
        r.u8("reserved");
        long status = r.u32("status");
        r.skip(4, "fault reserved");
        return new RpcPdu.Fault(callId, flags, ctxId, status);
    }
}
