package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

class UdpProbeTest {

    static Stream<Arguments> transports() {
        return TcpProbeTest.transports();
    }

    private static EngineConfig config(boolean nativeTransport) {
        return EngineConfig.defaults().withNativeTransport(nativeTransport).withTimeout(Duration.ofMillis(250));
    }

    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void replyIsOpenWithPayloadEvidence(boolean nativeTransport, InetAddress addr) throws Exception {
        Loopback.PingPayload ping = new Loopback.PingPayload();
        try (Loopback.UdpServer server = new Loopback.UdpServer(addr,
                req -> new String(req).equals("PA-PING") ? Loopback.ascii("PA-PONG v1") : null);
             ProbeEngine engine = new ProbeEngine(config(nativeTransport).withRetries(2))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, server.port(), ping, null));
            assertEquals(PortState.OPEN, r.state(), r.toString());
            assertNotNull(r.rtt());
            assertEquals(1, r.attempts(), "a reply is an answer: no retry");
            assertEquals(1, server.received.get());
            assertEquals("udp:test-ping", r.evidence().probe());
            assertTrue(r.evidence().summary().startsWith("reply of 10 bytes in "), r.evidence().summary());
            assertNotNull(r.service());
            assertTrue(r.service().matched());
            assertEquals("pong from test server", r.service().summary());
        }
    }

    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void icmpPortUnreachableIsClosed(boolean nativeTransport, InetAddress addr) throws Exception {
        int port = Loopback.closedUdpPort(addr);
        try (ProbeEngine engine = new ProbeEngine(config(nativeTransport).withRetries(2))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, port, new Loopback.PingPayload(), null));
            assertEquals(PortState.CLOSED, r.state(), r.toString());
            assertTrue(r.evidence().summary().startsWith("ICMP port unreachable in "), r.evidence().summary());
            assertTrue(r.evidence().matched());
            assertNotNull(r.rtt());
            assertEquals(1, r.attempts(), "ICMP is an answer: no retry");
        }
    }

    /**
     * No payload: on epoll the probe is a zero-length datagram (Netty alone would not send it), on
     * NIO a single NUL byte; either must reach the port, and draw ICMP from a closed one.
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void emptyDatagramProbeSeesClosedAndOpen(boolean nativeTransport, InetAddress addr) throws Exception {
        int closed = Loopback.closedUdpPort(addr);
        List<Integer> lengths = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Loopback.UdpServer server = new Loopback.UdpServer(addr, req -> {
                lengths.add(req.length);
                return Loopback.ascii("\u0001hi");
            });
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            List<ProbeResult<Object>> r = Loopback.runAll(engine, List.of(
                    ProbeTask.udp(addr, closed, 0), ProbeTask.udp(addr, server.port(), 1)));
            assertEquals(PortState.CLOSED, r.get(0).state(), r.get(0).toString());
            assertEquals(PortState.OPEN, r.get(1).state(), r.get(1).toString());
            boolean epoll = engine.transport().equals("epoll");
            assertEquals(epoll ? "udp:empty" : "udp:nul-byte", r.get(1).evidence().probe());
            assertEquals(List.of(epoll ? 0 : 1), lengths);
            assertEquals(".hi", r.get(1).evidence().details().get("replyText"));
            assertEquals("016869", r.get(1).evidence().details().get("replyHex"));
        }
    }

    /**
     * The host's kernel answers in microseconds (an RST), but its service takes 400 ms: a request
     * waits for its services' reply time (the ceiling until one answered), not the kernel's round
     * trip, so a slow service stays open.
     */
    @Test
    void aSlowServiceIsOpenThoughItsHostsKernelAnswersFast() throws Exception {
        try (Loopback.UdpServer slow = new Loopback.UdpServer(Loopback.V4, req -> {
                 try {
                     Thread.sleep(400);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return Loopback.ascii("pong");
             });
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withTimeout(Duration.ofSeconds(2))
                     .withRetries(0).withConcurrency(1))) {
            List<ProbeResult<Object>> r = Loopback.runAll(engine, List.of(
                    ProbeTask.tcp(Loopback.V4, Loopback.closedTcpPort(Loopback.V4), 0),
                    ProbeTask.udp(Loopback.V4, slow.port(), new Loopback.PingPayload(), 1)));
            assertEquals(PortState.CLOSED, r.get(0).state());
            assertEquals(PortState.OPEN, r.get(1).state(), r.get(1).toString());
            assertEquals(4L, r.get(1).evidence().number("replyBytes").orElseThrow());
            assertFalse(r.get(1).evidence().flag("replyCutOff"));
        }
    }

    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void silenceIsOpenFilteredAfterEveryTry(boolean nativeTransport, InetAddress addr) throws Exception {
        Loopback.PingPayload ping = new Loopback.PingPayload();
        try (Loopback.UdpServer silent = new Loopback.UdpServer(addr, req -> null);
             ProbeEngine engine = new ProbeEngine(config(nativeTransport).withRetries(2))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, silent.port(), ping, null));
            assertEquals(PortState.OPEN_FILTERED, r.state(), r.toString());
            assertEquals(3, r.attempts());
            assertEquals(3, ping.requests.get(), "one request per try");
            assertEquals(3, silent.received.get(), "every try reached the port");
            assertNull(r.rtt());
            assertFalse(r.evidence().matched());
            assertTrue(r.evidence().summary().matches("no reply after 3 tries \\(the last waited 2[5-9]\\d ms\\)"),
                    "the host never answered: every try waits the ceiling; " + r.evidence().summary());
            assertEquals(3L, r.evidence().number("attempts").orElseThrow());
            assertFalse(r.icmpRateLimitSuspected(), "no ICMP error came back: the host's budget was whole");
        }
    }

    @Test
    void replyThePayloadDoesNotRecogniseIsStillOpenWithSanitisedBytes() throws Exception {
        byte[] reply = Loopback.ascii("HELLO\u0000\u001b[31m<script>");
        try (Loopback.UdpServer server = new Loopback.UdpServer(Loopback.V4, req -> reply);
             ProbeEngine engine = new ProbeEngine(config(true))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(Loopback.V4, server.port(), new Loopback.PingPayload(), null));
            assertEquals(PortState.OPEN, r.state());
            assertNull(r.service());
            assertTrue(r.evidence().summary().endsWith("not recognised by the payload"), r.evidence().summary());
            assertEquals("HELLO..[31m<script>", r.evidence().details().get("replyText"));
        }
    }

    /** A huge garbage reply, and a payload whose matcher throws: bounded, open, nothing breaks. */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void hostileReplyIsBoundedAndHarmless(boolean nativeTransport, InetAddress addr) throws Exception {
        byte[] garbage = new byte[60000];
        Arrays.fill(garbage, (byte) 0xff);
        UdpPayload throwing = new UdpPayload() {
            @Override
            public String name() {
                return "throws";
            }

            @Override
            public ByteBuf request(ByteBufAllocator alloc) {
                return alloc.buffer().writeByte(1);
            }

            @Override
            public Optional<Evidence> match(ByteBuf r) {
                throw new IndexOutOfBoundsException("matcher bug");
            }
        };
        try (Loopback.UdpServer server = new Loopback.UdpServer(addr, req -> garbage);
             ProbeEngine engine = new ProbeEngine(config(nativeTransport).withMaxDatagramBytes(1024))) {
            List<ProbeResult<Object>> r = Loopback.runAll(engine, List.of(
                    ProbeTask.udp(addr, server.port(), throwing, 0),
                    ProbeTask.udp(addr, server.port(), new Loopback.PingPayload(), 1)));
            for (ProbeResult one : r) {
                assertEquals(PortState.OPEN, one.state(), one.toString());
                assertNull(one.service());
                assertEquals(1024L, one.evidence().number("replyBytes").orElseThrow());
                assertTrue(one.evidence().flag("replyCutOff"));
                assertEquals(UdpProbe.PREVIEW_BYTES, one.evidence().text("replyText").orElseThrow().length());
                assertEquals("f".repeat(2 * UdpProbe.PREVIEW_BYTES), one.evidence().details().get("replyHex"));
            }
        }
    }

    /**
     * Issue 11, datagram timeouts from the host's round trip: once the host's kernel has answered (an RST here), a
     * request's first try waits that round trip (at least 250 ms), not the ceiling. A service slower than that is
     * not lost: its late answer to the first try counts while the retry waits (same request, same ID).
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void aSlowServicesLateAnswerToTheFirstTryStillCounts(boolean nativeTransport, InetAddress addr) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (Loopback.UdpServer slow = new Loopback.UdpServer(addr, req -> {
            if (asked.incrementAndGet() > 1) {
                return null; // the retry gets nothing: only the late answer to the first try can decide
            }
            try {
                Thread.sleep(450);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "PA-PONG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        });
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withNativeTransport(nativeTransport)
                     .withTimeout(Duration.ofMillis(1500)).withRetries(1))) {
            // the host's kernel answers first: its round trip is known before the request goes out
            Loopback.runAll(engine, List.of(ProbeTask.tcp(addr, Loopback.closedTcpPort(addr), 0)));
            ProbeResult<Object> r = Loopback.runAll(engine, List.of(
                    ProbeTask.udp(addr, slow.port(), new Loopback.PingPayload(), 1))).get(0);
            assertEquals(PortState.OPEN, r.state(), r.toString());
            assertEquals(2, r.attempts(), "the first try waited the round trip, not the 1500 ms ceiling: " + r);
            assertTrue(r.service().matched(), r.toString());
        }
    }

    /**
     * A zero-length reply is a reply. Known gap, pinned here so that a Netty change is noticed: the
     * epoll transport reads an empty datagram on a connected channel as "nothing read" and drops it,
     * so on epoll the probe ends open|filtered (never a false open or closed); NIO sees the reply.
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void emptyReplyIsOpenOnNioAndUndecidedOnEpoll(boolean nativeTransport, InetAddress addr) throws Exception {
        try (Loopback.UdpServer server = new Loopback.UdpServer(addr, req -> new byte[0]);
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, server.port(), new Loopback.PingPayload(), null));
            if (engine.transport().equals("epoll")) {
                assertEquals(PortState.OPEN_FILTERED, r.state(), r.toString());
            } else {
                assertEquals(PortState.OPEN, r.state(), r.toString());
                assertTrue(r.evidence().summary().startsWith("reply of 0 bytes"), r.evidence().summary());
            }
        }
    }
}
