package org.portaudit.scanner.probes.tcp.identify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.Failures;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * One request and its reply, judged as the bytes come (at most {@link #maxBytes} of them): the client-first
 * checks of the identifier that portaudit has no conversation for elsewhere. Immutable and shared; the state of
 * one exchange lives in its channel's {@link Collector}.
 */
abstract class ByteExchange implements TcpConversation {
    private final String name;
    private final int maxBytes;

    ByteExchange(String name, int maxBytes) {
        this.name = name;
        this.maxBytes = maxBytes;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The request. */
    abstract byte[] request(SocketAddress peer);

    /**
     * The verdict on the first {@code n} bytes of the reply, or null to wait for more; {@code ended} when no more
     * will come. Must not throw: a reply it cannot read is a reply of another protocol.
     */
    abstract Evidence judge(byte[] reply, int n, boolean ended);

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        channel.pipeline().addLast("identify-" + name, new Collector(maxBytes, (buf, n, why) -> {
            if (result.isDone()) {
                return;
            }
            Evidence e = judge(buf, n, why != Collector.Why.DATA);
            if (e != null) {
                result.trySuccess(e);
            }
        }));
        channel.writeAndFlush(Unpooled.wrappedBuffer(request(channel.remoteAddress())))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        result.trySuccess(Evidence.of(name, "request not sent: " + Failures.describe(f.cause()), false));
                    }
                });
    }

    /** A reply of some other protocol (or none): what it was, with the bytes as they came. */
    final Evidence other(String why, byte[] reply, int n) {
        return n == 0 ? Evidence.of(name, why, false)
                : new Evidence(name, why + ": '" + Seen.quote(reply, n) + "'", false,
                        java.util.Map.of("replyBytes", n, "replyText", Seen.quote(reply, n)));
    }

    static String host(SocketAddress peer) {
        if (peer instanceof InetSocketAddress isa) {
            String h = isa.getHostString();
            return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
        }
        return "localhost";
    }

    /** True when the first {@code n} bytes of {@code reply} are a prefix of {@code expected}, or start with it. */
    static boolean prefixAgrees(byte[] reply, int n, byte[] expected) {
        for (int i = 0; i < Math.min(n, expected.length); i++) {
            if (reply[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
