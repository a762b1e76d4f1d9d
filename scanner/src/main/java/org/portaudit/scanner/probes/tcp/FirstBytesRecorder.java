package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits in front of a decoder (the SslHandler) and remembers the peer's first bytes, so a failure
 * can say what the peer spoke. Also bounds what reaches the decoder: past {@code maxBytes} the
 * rest is dropped and {@link #overflowed()} turns true.
 */
final class FirstBytesRecorder extends ChannelInboundHandlerAdapter {
    private final int keep;
    private final long maxBytes;
    private final Runnable onOverflow;
    private final ByteBuf first;
    private long total;

    FirstBytesRecorder(int keep, long maxBytes, Runnable onOverflow) {
        this.keep = keep;
        this.maxBytes = maxBytes;
        this.onOverflow = onOverflow;
        this.first = Unpooled.buffer(keep, keep);
    }

    /** A read-only view of the first bytes seen (at most {@code keep}). */
    ByteBuf first() {
        return first.asReadOnly();
    }

    boolean overflowed() {
        return total > maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (overflowed()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int room = keep - first.readableBytes();
        if (room > 0) {
            first.writeBytes(in, in.readerIndex(), Math.min(room, in.readableBytes()));
        }
        total += in.readableBytes();
        if (overflowed()) {
            ReferenceCountUtil.release(msg);
            onOverflow.run();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
