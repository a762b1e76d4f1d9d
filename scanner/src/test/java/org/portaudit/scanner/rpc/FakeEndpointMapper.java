package org.portaudit.scanner.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An endpoint mapper on 127.0.0.1, port 0, that answers each PDU it receives with whatever the script
 * says: a list of raw PDUs to send, an empty list to stay silent, or null to close the connection.
 */
final class FakeEndpointMapper implements AutoCloseable {
    interface Script {
        /** {@code type} and {@code callId} of the received PDU; {@code lookups} counts ept_lookup requests so far. */
        List<byte[]> answer(int type, int callId, byte[] pdu, int lookups);
    }

    /** Accepts the bind, then answers ept_lookup number n (from 1) with {@code stub.apply(n)} in one fragment. */
    static Script lookups(IntFunction<byte[]> stub) {
        return (type, callId, pdu, n) -> type == RpcPdu.PTYPE_BIND ? List.of(EpmWire.bindAck(callId, 0))
                : List.of(EpmWire.response(callId, RpcPdu.PFC_FIRST_FRAG | RpcPdu.PFC_LAST_FRAG, stub.apply(n)));
    }

    private final Channel server;
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    FakeEndpointMapper(EventLoopGroup group, Script script) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new RpcFrameDecoder(), new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                byte[] pdu = ByteBufUtil.getBytes(frame);
                                int type = pdu[2];
                                int n = type == RpcPdu.PTYPE_REQUEST ? lookups.incrementAndGet() : lookups.get();
                                List<byte[]> out = script.answer(type, EpmWire.callId(pdu), pdu, n);
                                if (out == null) {
                                    ctx.close();
                                    return;
                                }
                                for (byte[] b : out) {
                                    ctx.write(Unpooled.wrappedBuffer(b));
                                }
                                ctx.flush();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // the client closes with SO_LINGER 0: a reset here is normal
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.close().sync();
    }
}
