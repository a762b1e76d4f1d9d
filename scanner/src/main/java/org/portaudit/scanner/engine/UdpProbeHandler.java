package org.portaudit.scanner.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/** The only handler of a UDP probe's channel: datagrams (with their sender) and ICMP errors go to the probe. */
final class UdpProbeHandler extends ChannelInboundHandlerAdapter {
    private final UdpProbe probe;

    UdpProbeHandler(UdpProbe probe) {
        this.probe = probe;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket p) {
                probe.onReply(p.content(), p.sender());
            } else if (msg instanceof ByteBuf b) {
                probe.onReply(b, null);
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
