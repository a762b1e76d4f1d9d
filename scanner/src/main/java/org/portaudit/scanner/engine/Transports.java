package org.portaudit.scanner.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ThreadFactory;

/** Native epoll where it is available and wanted, NIO otherwise: the group and its channel types. */
final class Transports {
    /** Probe name of a UDP probe without payload: a zero-length datagram, as nmap sends. */
    static final String EMPTY_DATAGRAM = "udp:empty";
    /** What NIO sends instead: the JDK (and Netty over it) silently drops zero-length writes. */
    static final String NUL_BYTE_DATAGRAM = "udp:nul-byte";
    private static final ByteBuffer NOTHING = ByteBuffer.allocateDirect(1);
    /** Linux IP_RECVERR (level SOL_IP) and IPV6_RECVERR (level SOL_IPV6), from linux/in.h and linux/in6.h. */
    private static final ChannelOption<Integer> IP_RECVERR = new IntegerUnixChannelOption("IP_RECVERR", 0, 11);
    private static final ChannelOption<Integer> IPV6_RECVERR = new IntegerUnixChannelOption("IPV6_RECVERR", 41, 25);

    private final boolean epoll;

    private Transports(boolean epoll) {
        this.epoll = epoll;
    }

    static Transports choose(boolean preferNative) {
        return new Transports(preferNative && Epoll.isAvailable());
    }

    String name() {
        return epoll ? "epoll" : "nio";
    }

    /** Why epoll is not used, for the debug log; null when it is. */
    static String epollUnavailableReason() {
        Throwable t = Epoll.unavailabilityCause();
        return t == null ? null : Failures.describe(t);
    }

    EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return epoll ? new EpollEventLoopGroup(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    ChannelFactory<Channel> tcp(InternetProtocolFamily family) {
        if (epoll) {
            return () -> new EpollSocketChannel(family);
        }
        return () -> new NioSocketChannel(SelectorProvider.provider(), family);
    }

    ChannelFactory<Channel> udp(InternetProtocolFamily family) {
        if (epoll) {
            return () -> new EpollDatagramChannel(family);
        }
        return () -> new NioDatagramChannel(family);
    }

    /**
     * The option that makes an unconnected datagram socket report ICMP errors, or null where the
     * transport has none. Linux reports an ICMP error (port unreachable among them) only on a
     * connected UDP socket, unless IP_RECVERR is set: then on any, as the error of the next read.
     * NIO cannot set it.
     */
    ChannelOption<Integer> icmpErrorsOnUnconnected(InternetProtocolFamily family) {
        if (!epoll) {
            return null;
        }
        return family == InternetProtocolFamily.IPv6 ? IPV6_RECVERR : IP_RECVERR;
    }

    /** The probe name {@link #sendEmpty} will use. */
    String emptyProbeName() {
        return epoll ? EMPTY_DATAGRAM : NUL_BYTE_DATAGRAM;
    }

    /**
     * Sends a zero-length datagram on a connected channel, from its event loop. Netty skips empty
     * buffers on every transport; on epoll the socket is written directly instead (write(2) of zero
     * bytes sends an empty datagram). NIO cannot, so one NUL byte goes there.
     *
     * @return null when sent, else the write's future (NIO)
     * @throws IOException when the socket reports an error (a pending ICMP error among them)
     */
    static ChannelFuture sendEmpty(Channel channel) throws IOException {
        if (channel instanceof EpollDatagramChannel e) {
            if (!e.isOpen()) {
                // Its descriptor number may already be another socket's: never write to it.
                throw new ClosedChannelException();
            }
            e.fd().write(NOTHING, 0, 0);
            return null;
        }
        return channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[1]));
    }
}
