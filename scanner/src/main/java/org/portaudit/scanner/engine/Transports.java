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
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ThreadFactory;

/** Native epoll where it is available and wanted, NIO otherwise: the group and its channel types. */
final class Transports {
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
}
