package org.portaudit.scanner.engine;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.RejectedExecutionException;

/**
 * The first handler of every probe channel: a close asked for from inside a read is carried out by
 * a task of its own on the channel's loop, after Netty's read loop has returned, never in it.
 *
 * <p>Why: Netty 4.1.115's epoll datagram channel reads until EAGAIN and does not stop when a handler
 * closed the channel in {@code channelRead}: it calls {@code recvfrom} once more on the descriptor
 * number it had. A probe closes its channel as soon as the reply is judged, so that number was
 * already free, and another event loop thread could have been given it for a TCP connect probe in
 * the microseconds between. The stray {@code recvfrom} then took that socket's pending
 * ECONNREFUSED (reading a socket error clears it), the connect probe's {@code SO_ERROR} read 0, and
 * Netty reported the connect as established: a closed port reported open with nothing listening
 * (strace of a lab DC sweep: close(20), socket() = 20 on another loop, connect(20) to a closed port,
 * recvfrom(20) = -1 ECONNREFUSED on the first loop, then the connect "succeeded"; the wire held only
 * SYN and RST). This was the false open of issue 12 (13782/tcp once, then one or two a sweep).
 * Deferring the close keeps the descriptor ours until the read loop is done with it.
 */
@Sharable
final class CloseOutsideReads extends ChannelOutboundHandlerAdapter {
    static final String NAME = "portaudit-close-outside-reads";
    static final CloseOutsideReads INSTANCE = new CloseOutsideReads();

    private CloseOutsideReads() {
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!ctx.channel().isRegistered()) {
            ctx.close(promise); // no loop reads it: nothing to wait for
            return;
        }
        try {
            ctx.executor().execute(() -> ctx.close(promise));
        } catch (RejectedExecutionException e) {
            ctx.close(promise); // the loop is shutting down and reads nothing more
        }
    }
}
