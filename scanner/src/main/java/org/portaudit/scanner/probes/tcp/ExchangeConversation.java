package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.Failures;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * A conversation of one request (or none, for protocols where the server speaks first) and one
 * reply, judged as the bytes arrive. Subclasses say what to send and how to judge the bytes; this
 * class installs a {@link ReplyCollector} that bounds what is read and never lets an exception out
 * of the pipeline. Instances are immutable and may be shared between probes.
 */
abstract class ExchangeConversation implements TcpConversation {
    /** The default bound on the bytes read from one peer. */
    static final int DEFAULT_MAX_REPLY = 64 * 1024;

    private final String name;
    private final int maxReplyBytes;

    protected ExchangeConversation(String name, int maxReplyBytes) {
        if (maxReplyBytes <= 0) {
            throw new IllegalArgumentException("maxReplyBytes must be positive");
        }
        this.name = name;
        this.maxReplyBytes = maxReplyBytes;
    }

    @Override
    public final String name() {
        return name;
    }

    final int maxReplyBytes() {
        return maxReplyBytes;
    }

    /**
     * The request to send right after the connect, or null when the server speaks first.
     *
     * @param peer the connected peer (for a Host header or similar); may be null
     */
    protected abstract ByteBuf request(ByteBufAllocator alloc, SocketAddress peer);

    /**
     * Judges the reply so far. {@code reply} holds every byte received (up to the bound), from its
     * reader index; implementations read it with absolute getters and must not change its indexes.
     * May throw {@link MalformedReplyException}, {@link org.portaudit.scanner.probes.proto.Malformed}
     * (or anything else; it is caught).
     *
     * @param ended true when the peer closed its side and no more bytes will come
     */
    protected abstract Verdict judge(ByteBuf reply, boolean ended);

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        ReplyCollector collector = new ReplyCollector(this, result);
        channel.pipeline().addLast(ReplyCollector.class.getSimpleName(), collector);
        ByteBuf request;
        try {
            request = request(channel.alloc(), channel.remoteAddress());
        } catch (RuntimeException e) {
            result.trySuccess(Evidence.of(name, "could not build request: " + Failures.describe(e), false));
            return;
        }
        if (request != null) {
            channel.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    result.trySuccess(Evidence.of(name, "request not sent: " + Failures.describe(f.cause()), false));
                }
            });
        }
    }

    /** The peer's host as text for protocol fields (a host name if known, else the literal address). */
    static String hostOf(SocketAddress peer) {
        if (peer instanceof InetSocketAddress isa) {
            String host = isa.getHostString();
            return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        }
        return "localhost";
    }

    /** The peer's port, or -1 when unknown. */
    static int portOf(SocketAddress peer) {
        return peer instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }
}
