package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The false open of issue 12: Netty's epoll datagram read loop called recvfrom again on a
 * descriptor its handler had just closed, by then another socket's. With {@link CloseOutsideReads}
 * first in the pipeline, a close from inside {@code channelRead} leaves the descriptor open (the same
 * socket) until the read loop is over, and the close then completes.
 */
class CloseOutsideReadsTest {

    private static String link(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (java.io.IOException e) {
            return "closed";
        }
    }

    @Test
    void aCloseFromInsideAReadKeepsTheDescriptorUntilTheReadLoopIsDone() throws Exception {
        assertTrue(Epoll.isAvailable(), "the engine's transport on this machine is epoll: " + Epoll.unavailabilityCause());
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CompletableFuture<String> duringRead = new CompletableFuture<>();
            AtomicInteger reads = new AtomicInteger();
            int[] fd = new int[1];
            String[] socket = new String[1];
            Channel ch = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                            if (reads.incrementAndGet() == 1) {
                                ctx.channel().close();
                                // Still ours while Netty's read loop may touch it again.
                                duringRead.complete(ctx.channel().isOpen() + " " + link(fd[0]));
                            }
                        }
                    })
                    .connect(server.getLocalSocketAddress()).sync().channel();
            ch.pipeline().addFirst(CloseOutsideReads.NAME, CloseOutsideReads.INSTANCE);
            fd[0] = ((EpollDatagramChannel) ch).fd().intValue();
            socket[0] = link(fd[0]);
            assertTrue(socket[0].startsWith("socket:"), socket[0]);
            ByteBuf hello = ch.alloc().buffer().writeByte(1);
            ch.writeAndFlush(hello).sync();
            DatagramPacket in = new DatagramPacket(new byte[16], 16);
            server.receive(in);
            // Two replies at once: the read loop has a second datagram to go on to after the close.
            server.send(new DatagramPacket(new byte[] {2}, 1, in.getSocketAddress()));
            server.send(new DatagramPacket(new byte[] {3}, 1, in.getSocketAddress()));
            assertEquals("true " + socket[0], duringRead.get(5, TimeUnit.SECONDS),
                    "the descriptor was released inside the read");
            assertTrue(ch.closeFuture().await(5, TimeUnit.SECONDS), "the deferred close never ran");
            assertFalse(ch.isOpen());
            assertTrue(ch.closeFuture().isSuccess(), "close failed: " + ch.closeFuture().cause());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
