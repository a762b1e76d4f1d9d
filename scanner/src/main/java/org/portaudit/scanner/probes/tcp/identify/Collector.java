package org.portaudit.scanner.probes.tcp.identify;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Keeps the first bytes a peer sends, up to a bound, and tells its sink after each read and once at the end
 * (the peer closed, the bound was reached, or {@link #finish()} was called when the wait was over). Nothing
 * beyond the bound is kept; no exception leaves it. One per channel, on the channel's event loop.
 */
final class Collector extends ChannelInboundHandlerAdapter {
    /** Why the sink is told. */
    enum Why { DATA, LIMIT, CLOSED, TIME }

    @FunctionalInterface
    interface Sink {
        void bytes(byte[] buf, int n, Why why);
    }

    private final byte[] buf;
    private final Sink sink;
    private int n;
    private boolean ended;

    Collector(int limit, Sink sink) {
        this.buf = new byte[limit];
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (ended || !(msg instanceof ByteBuf b)) {
                return;
            }
            int take = Math.min(b.readableBytes(), buf.length - n);
            b.getBytes(b.readerIndex(), buf, n, take);
            n += take;
            if (n >= buf.length) {
                end(Why.LIMIT);
            } else if (take > 0) {
                sink.bytes(buf, n, Why.DATA);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(Why.CLOSED);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or the like: the peer is gone, and channelInactive ends the collection
    }

    /** The wait is over: the sink judges what came. */
    void finish() {
        end(Why.TIME);
    }

    boolean ended() {
        return ended;
    }

    private void end(Why why) {
        if (!ended) {
            ended = true;
            sink.bytes(buf, n, why);
        }
    }
}
