package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.PortState;

class EngineUnitsTest {

    @Test
    void socketErrorsMapToPortStates() {
        assertEquals(PortState.FILTERED, Failures.classify(new ConnectTimeoutException("timed out"), false).state());
        assertTrue(Failures.classify(new ConnectTimeoutException("timed out"), false).silence());
        Failures.Verdict refused = Failures.classify(new ConnectException("finishConnect(..) failed: Connection refused"), false);
        assertEquals(PortState.CLOSED, refused.state());
        assertEquals("RST (connection refused)", refused.what());
        assertEquals("ICMP port unreachable", Failures.classify(new PortUnreachableException(), true).what());
        assertEquals("ICMP port unreachable", Failures.classify(new Errors.NativeIoException("read", -111), true).what());
        Failures.Verdict host = Failures.classify(new NoRouteToHostException("No route to host"), false);
        assertEquals(PortState.UNREACHABLE, host.state());
        assertTrue(host.note().contains("administratively prohibited"), host.note());
        assertEquals("EHOSTUNREACH", Failures.classify(new Errors.NativeIoException("connect", -113), false).errno());
        assertEquals("ENETUNREACH", Failures.classify(new SocketException("Network is unreachable"), true).errno());
        assertEquals(PortState.FILTERED, Failures.classify(new SocketException("Operation not permitted"), false).state());
        assertEquals(PortState.UNREACHABLE, Failures.classify(
                new RuntimeException("wrapped", new NoRouteToHostException("x")), false).state(), "the cause chain is read");
        assertNull(Failures.classify(new BindException("Cannot assign requested address"), false),
                "a local failure is not a port state");
        assertNull(Failures.classify(new SocketException("Too many open files"), false));
        // A blackhole route: connect(2) fails at once with EINVAL. The target is unreachable; the run goes on.
        assertEquals(PortState.UNREACHABLE, Failures.classify(new Errors.NativeIoException("connect", -22), false).state());
        assertEquals("EINVAL", Failures.classify(new SocketException("Invalid argument"), true).errno());
    }

    @Test
    void configRejectsNonsense() {
        EngineConfig d = EngineConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withConcurrency(0));
        assertThrows(IllegalArgumentException.class, () -> d.withRate(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeout(Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> d.withRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withRetries(11));
        assertThrows(IllegalArgumentException.class, () -> d.withUdpPacing(true, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withUdpPacing(true, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withConversationLimits(Duration.ofNanos(5), 10));
        assertThrows(IllegalArgumentException.class, () -> d.withConversationLimits(Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxDatagramBytes(10));
        assertThrows(NullPointerException.class, () -> d.withTimeout(null));
        assertEquals(6, d.udpHostBurst());
        assertEquals(1.0, d.udpHostPerSecond());
        assertEquals(0.0, d.rate());
    }

    @Test
    void tasksRejectNonsense() throws Exception {
        InetAddress a = Loopback.V4;
        assertThrows(IllegalArgumentException.class, () -> ProbeTask.tcp(a, 0, null));
        assertThrows(IllegalArgumentException.class, () -> ProbeTask.tcp(a, 65536, null));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTask(a, Transport.IP, 47, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ProbeTask(a, Transport.TCP, 80, List.of(new Loopback.PingPayload()), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ProbeTask(a, Transport.UDP, 53, null, new ConversationTest.HelloConversation(), null));
        assertThrows(NullPointerException.class, () -> ProbeTask.tcp(null, 80, null));
        assertEquals("udp/[0:0:0:0:0:0:0:1]:53", ProbeTask.udp(Loopback.V6, 53, null).endpoint());
        assertEquals("tcp/127.0.0.1:445", ProbeTask.tcp(Loopback.V4, 445, null).endpoint());
    }

    /**
     * A real self-connect: a socket bound to port P that connects to its own address and port P is
     * connected to itself (TCP simultaneous open). The check must see it, on both transports.
     */
    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void selfConnectIsRecognised(boolean nativeTransport) throws Exception {
        Transports t = Transports.choose(nativeTransport);
        var group = t.newGroup(1, r -> new Thread(r, "self-connect-test"));
        try {
            int port = Loopback.closedTcpPort(Loopback.V4);
            InetSocketAddress self = new InetSocketAddress(Loopback.V4, port);
            Channel ch = new Bootstrap().group(group)
                    .channelFactory(t.tcp(io.netty.channel.socket.InternetProtocolFamily.IPv4))
                    .handler(new ChannelInboundHandlerAdapter())
                    .localAddress(self).connect(self).syncUninterruptibly().channel();
            assertTrue(SelfConnect.is(ch.localAddress(), ch.remoteAddress()), ch.localAddress() + " -> " + ch.remoteAddress());
            ch.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        InetSocketAddress v4 = new InetSocketAddress(Loopback.V4, 5000);
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}), 5000);
        assertTrue(SelfConnect.is(mapped, v4));
        assertFalse(SelfConnect.is(new InetSocketAddress(Loopback.V4, 5001), v4));
        assertFalse(SelfConnect.is(new InetSocketAddress(Loopback.V6, 5000), v4));
    }

    @Test
    void engineReportsItsTransport() {
        try (ProbeEngine nio = new ProbeEngine(EngineConfig.defaults().withNativeTransport(false));
             ProbeEngine preferred = new ProbeEngine(EngineConfig.defaults())) {
            assertEquals("nio", nio.transport());
            // native epoll where it is available, unless -Dportaudit.transport=nio asks for NIO (the engine tests' NIO run)
            assertEquals(io.netty.channel.epoll.Epoll.isAvailable() && !EngineConfig.nioAsked() ? "epoll" : "nio",
                    preferred.transport());
        }
    }
}
