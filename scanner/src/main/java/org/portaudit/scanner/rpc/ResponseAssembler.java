package org.portaudit.scanner.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Joins the fragments of one response (first_frag ... last_frag, same call_id) into a single
 * {@link RpcPdu.Response} whose stub is the concatenation, refusing to hold more than
 * {@code maxResponse} stub bytes. Other PDUs pass through.
 */
public final class ResponseAssembler extends MessageToMessageDecoder<RpcPdu.Response> {
    public static final int DEFAULT_MAX_RESPONSE = 1024 * 1024;

    private final int maxResponse;
    private ByteArrayOutputStream pending;
    private int pendingCallId;

    public ResponseAssembler() {
        this(DEFAULT_MAX_RESPONSE);
    }

    public ResponseAssembler(int maxResponse) {
        this.maxResponse = maxResponse;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, RpcPdu.Response frag, List<Object> out) throws RpcException {
        boolean first = (frag.flags() & RpcPdu.PFC_FIRST_FRAG) != 0;
        boolean last = (frag.flags() & RpcPdu.PFC_LAST_FRAG) != 0;
        if (first && last && pending == null) {
            check(frag.stub().length);
            out.add(frag);
            return;
        }
        if (first) {
            if (pending != null) {
                throw RpcException.malformed("response call " + frag.callId() + " starts before call "
                        + pendingCallId + " ended");
            }
            pending = new ByteArrayOutputStream();
            pendingCallId = frag.callId();
        } else if (pending == null) {
            throw RpcException.malformed("response fragment without first_frag");
        } else if (frag.callId() != pendingCallId) {
            throw RpcException.malformed("response fragment for call " + frag.callId() + " inside call " + pendingCallId);
        }
        check(pending.size() + (long) frag.stub().length);
        pending.writeBytes(frag.stub());
        if (last) {
            byte[] stub = pending.toByteArray();
            pending = null;
            out.add(new RpcPdu.Response(frag.callId(), RpcPdu.PFC_FIRST_FRAG | RpcPdu.PFC_LAST_FRAG, stub.length,
                    frag.contextId(), stub));
        }
    }

    private void check(long size) throws RpcException {
        if (size > maxResponse) {
            pending = null;
            throw new RpcException(RpcException.Kind.LIMIT, "response larger than " + maxResponse + " bytes");
        }
    }
}
