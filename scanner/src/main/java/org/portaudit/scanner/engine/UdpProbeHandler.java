package org.portaudit.scanner.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/** The only handler of a UDP probe's connected channel: replies and ICMP errors go to the probe. */
final class UdpProbeHandler extends ChannelInboundHandlerAdapter {
    private final UdpProbe probe;

    UdpProbeHandler(UdpProbe probe) {
        this.probe = probe;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
            if (content != null) {
                probe.onReply(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        probe.onError(cause);
    }
}
