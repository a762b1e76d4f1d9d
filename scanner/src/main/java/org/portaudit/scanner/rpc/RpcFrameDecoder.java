package org.portaudit.scanner.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the TCP stream into connection-oriented PDUs by the frag_length of the common header. Checks the
 * version and data representation before it trusts the length, and never buffers more than
 * {@code maxFragment} bytes for one PDU. After the first bad header it fails once and discards the rest
 * of the stream.
 */
public final class RpcFrameDecoder extends ByteToMessageDecoder {
    /** Default hard cap on one fragment; we advertise 5840 as max_recv_frag, so this leaves ample slack. */
    public static final int DEFAULT_MAX_FRAGMENT = 16 * 1024;

    private final int maxFragment;
    private boolean failed;

    public RpcFrameDecoder() {
        this(DEFAULT_MAX_FRAGMENT);
    }

    public RpcFrameDecoder(int maxFragment) {
        if (maxFragment < RpcPdu.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxFragment " + maxFragment);
        }
        this.maxFragment = maxFragment;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws RpcException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < RpcPdu.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        int minor = in.getUnsignedByte(start + 1);
        int drep0 = in.getUnsignedByte(start + 4);
        int fragLength = in.getUnsignedShortLE(start + 8);
        String problem = null;
        if (version != RpcPdu.VERSION || minor > 1) {
            problem = "not a connection-oriented DCE/RPC PDU (version " + version + "." + minor + ")";
        } else if ((drep0 & 0xf0) != 0x10) {
            problem = "unsupported data representation 0x" + Integer.toHexString(drep0) + " (only little-endian)";
        } else if (fragLength < RpcPdu.HEADER_LENGTH) {
            problem = "frag_length " + fragLength + " shorter than the header";
        } else if (fragLength > maxFragment) {
            problem = "frag_length " + fragLength + " exceeds limit " + maxFragment;
        }
        if (problem != null) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw RpcException.malformed(problem);
        }
        if (in.readableBytes() < fragLength) {
            return;
        }
        out.add(in.readRetainedSlice(fragLength));
    }
}
