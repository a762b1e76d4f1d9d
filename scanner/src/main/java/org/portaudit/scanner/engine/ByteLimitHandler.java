package org.portaudit.scanner.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * First in a conversation's pipeline: counts the bytes read and, past the limit, drops the rest and
 * tells the probe, which ends the conversation.
 */
final class ByteLimitHandler extends ChannelInboundHandlerAdapter {
    private final long limit;
    private final Runnable onExceeded;
    private long seen;
    private boolean exceeded;

    ByteLimitHandler(long limit, Runnable onExceeded) {
        this.limit = limit;
        this.onExceeded = onExceeded;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exceeded) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            seen += buf.readableBytes();
        }
        if (seen > limit) {
            exceeded = true;
            ReferenceCountUtil.release(msg);
            onExceeded.run();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    long seen() {
        return seen;
    }
}
