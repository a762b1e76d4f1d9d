package org.portaudit.scanner.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * Installed when a probe's channel is made: while it is the last handler (no conversation handler
 * was added after it) it releases what nobody took and hands exceptions to the probe, so nothing
 * reaches Netty's own tail (which would log a warning); otherwise it passes everything on.
 */
final class TailHandler extends ChannelInboundHandlerAdapter {
    private final Consumer<Throwable> onError;

    TailHandler(Consumer<Throwable> onError) {
        this.onError = onError;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.pipeline().last() == this) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.pipeline().last() == this) {
            onError.accept(cause);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
