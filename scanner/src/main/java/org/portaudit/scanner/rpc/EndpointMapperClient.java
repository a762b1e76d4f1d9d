package org.portaudit.scanner.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.portaudit.scanner.engine.Failures;

/**
 * Asks a host's RPC endpoint mapper (TCP 135, ncacn_ip_tcp) for everything registered with it: the
 * "randomly assigned high TCP ports" that Windows services really listen on.
 *
 * <pre>
 * EndpointMapperClient epm = new EndpointMapperClient(group);
 * epm.lookup(InetAddress.getByName("198.18.0.10"), Duration.ofSeconds(5))
 *    .whenComplete((endpoints, error) -> ...);  // error is an RpcException (maybe in a CompletionException)
 * </pre>
 *
 * Never blocks; the future always completes, within the timeout, with the endpoints or an
 * {@link RpcException} whose message is one line.
 */
public final class EndpointMapperClient {
    public static final int EPM_PORT = 135;

    /**
     * Bounds that keep a hostile mapper from looping the client or making it allocate without limit.
     *
     * @param maxEntsPerCall max_ents of each ept_lookup request
     * @param maxCalls       ept_lookup calls on one connection
     * @param maxEntries     entries over the whole walk
     * @param maxFragment    bytes of one PDU fragment
     * @param maxResponse    stub bytes of one reassembled response
     */
    public record Limits(int maxEntsPerCall, int maxCalls, int maxEntries, int maxFragment, int maxResponse) {
        public static final Limits DEFAULT = new Limits(100, 256, 4096, RpcFrameDecoder.DEFAULT_MAX_FRAGMENT,
                ResponseAssembler.DEFAULT_MAX_RESPONSE);

        public Limits {
            if (maxEntsPerCall < 1 || maxCalls < 1 || maxEntries < 1 || maxFragment < RpcPdu.HEADER_LENGTH
                    || maxResponse < 1) {
                throw new IllegalArgumentException("limits must be positive: " + this);
            }
        }
    }

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final Limits limits;

    /** Uses epoll channels on an {@link EpollEventLoopGroup}, NIO channels otherwise. */
    public EndpointMapperClient(EventLoopGroup group) {
        this(group, group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class,
                Limits.DEFAULT);
    }

    public EndpointMapperClient(EventLoopGroup group, Class<? extends SocketChannel> channelClass, Limits limits) {
        this.group = Objects.requireNonNull(group);
        this.channelClass = Objects.requireNonNull(channelClass);
        this.limits = Objects.requireNonNull(limits);
    }

    /** Looks up every endpoint registered with the mapper at {@code address}:135. */
    public CompletableFuture<List<RpcEndpoint>> lookup(InetAddress address, Duration timeout) {
        return lookup(address, EPM_PORT, timeout);
    }

    /** Same, on another port (tests, or a mapper behind port forwarding). */
    public CompletableFuture<List<RpcEndpoint>> lookup(InetAddress address, int port, Duration timeout) {
        CompletableFuture<List<RpcEndpoint>> result = new CompletableFuture<>();
        long millis = Math.max(1, timeout.toMillis());
        String peer = (address.getHostAddress().indexOf(':') >= 0 ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress()) + ":" + port;
        EndpointMapperHandler handler = new EndpointMapperHandler(limits, millis, peer, result);
        ChannelFuture connect;
        try {
            connect = new Bootstrap()
                    .group(group)
                    .channel(channelClass)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, millis))
                    .option(ChannelOption.SO_LINGER, 0)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new EndpointMapperInitializer(limits, handler))
                    .connect(new InetSocketAddress(address, port));
        } catch (RuntimeException e) {
            result.completeExceptionally(new RpcException(RpcException.Kind.IO, "cannot connect to " + peer + ": "
                    + Failures.describe(e)));
            return result;
        }
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(connectError(peer, f.cause()));
                f.channel().close();
            }
        });
        return result;
    }

    static RpcException connectError(String peer, Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new RpcException(RpcException.Kind.TIMEOUT, "connect to " + peer + " timed out");
        }
        if (cause instanceof NoRouteToHostException) {
            return new RpcException(RpcException.Kind.IO, "no route to " + peer);
        }
        if (cause instanceof ConnectException) {
            String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return new RpcException(RpcException.Kind.REFUSED, "connection refused by " + peer);
            }
            if (m.contains("unreachable") || m.contains("no route")) {
                return new RpcException(RpcException.Kind.IO, "no route to " + peer);
            }
        }
        return new RpcException(RpcException.Kind.IO, "cannot connect to " + peer + ": " + Failures.describe(cause));
    }
}
