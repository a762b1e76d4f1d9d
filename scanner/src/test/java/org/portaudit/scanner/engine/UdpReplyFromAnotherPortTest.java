package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.probes.udp.TftpPayload;

/**
 * A payload whose server answers from another port (TFTP, RFC 1350 4): the probe listens on an
 * unconnected socket and takes a datagram from the target's address only, from another port only
 * when the payload accepts it. Fake TFTP servers on loopback answer from a new socket, as in.tftpd does.
 */
class UdpReplyFromAnotherPortTest {
    private static final byte[] FILE_NOT_FOUND = "\0\5\0\1File not found\0".getBytes(StandardCharsets.US_ASCII);

    static Stream<Arguments> transports() {
        return TcpProbeTest.transports();
    }

    private static EngineConfig config(boolean nativeTransport) {
        return EngineConfig.defaults().withNativeTransport(nativeTransport).withTimeout(Duration.ofMillis(300))
                .withRetries(1);
    }

    private static TftpPayload tftp() {
        return new TftpPayload(new SplittableRandom(7));
    }

    private static boolean isRrq(byte[] req) {
        return req.length > 2 && req[0] == 0 && req[1] == 1;
    }

    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void anErrorFromTheServersTransferPortIsTheReply(boolean nativeTransport, InetAddress addr) throws Exception {
        try (Loopback.UdpServer server = Loopback.UdpServer.fromNewSocket(addr, addr,
                req -> isRrq(req) ? List.of(FILE_NOT_FOUND) : List.of());
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, server.port(), tftp(), null));
            assertEquals(PortState.OPEN, r.state(), r.toString());
            assertEquals(1, r.attempts(), "the reply was heard on the first try");
            int from = server.replyPorts.get(0);
            assertNotEquals(server.port(), from, "the fake server answers from a port of its own");
            assertEquals((long) from, r.evidence().number("replyPort").orElseThrow(), r.evidence().toString());
            assertTrue(r.evidence().summary().contains("from port " + from), r.evidence().summary());
            assertEquals("any port of " + addr.getHostAddress(), r.evidence().details().get("listenedTo"));
            assertNotNull(r.service());
            assertTrue(r.service().matched());
            assertEquals("TFTP ERROR 1 (file not found): File not found", r.service().summary());
        }
    }

    /** A reply from the probed port itself is a reply, recognised or not, as on a connected channel. */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void anyReplyFromTheProbedPortCounts(boolean nativeTransport, InetAddress addr) throws Exception {
        try (Loopback.UdpServer server = Loopback.UdpServer.answering(addr, req -> List.of(Loopback.ascii("hello")));
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, server.port(), tftp(), null));
            assertEquals(PortState.OPEN, r.state(), r.toString());
            assertNull(r.service());
            assertTrue(r.evidence().summary().endsWith("not recognised by the payload"), r.evidence().summary());
            assertFalse(r.evidence().details().containsKey("replyPort"));
        }
    }

    /**
     * From another port of the target, only what the payload takes as the answer counts: bytes that
     * are no TFTP reply (a DATA block 2, noise) are ignored and counted, the ERROR after them is the reply.
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void otherDatagramsFromAnotherPortAreIgnored(boolean nativeTransport, InetAddress addr) throws Exception {
        byte[] block2 = {0, 3, 0, 2, 'h', 'i'};
        try (Loopback.UdpServer noise = Loopback.UdpServer.fromNewSocket(addr, addr,
                req -> List.of(block2, Loopback.ascii("noise")));
             Loopback.UdpServer server = Loopback.UdpServer.fromNewSocket(addr, addr,
                req -> List.of(block2, Loopback.ascii("noise"), FILE_NOT_FOUND));
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            List<ProbeResult<Object>> r = Loopback.runAll(engine, List.of(
                    ProbeTask.udp(addr, noise.port(), tftp(), 0), ProbeTask.udp(addr, server.port(), tftp(), 1)));
            assertEquals(PortState.OPEN_FILTERED, r.get(0).state(), r.get(0).toString());
            assertEquals(2, noise.received.get(), "both tries reached the server");
            assertEquals(4L, r.get(0).evidence().number("ignoredDatagrams").orElseThrow(), r.get(0).toString());
            assertEquals(PortState.OPEN, r.get(1).state(), r.get(1).toString());
            assertEquals(2L, r.get(1).evidence().number("ignoredDatagrams").orElseThrow(), r.get(1).toString());
            assertTrue(r.get(1).service().matched());
        }
    }

    /** A valid TFTP ERROR from another host (127.0.0.2 for a probe of 127.0.0.1) is never the reply. */
    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aReplyFromAnotherHostIsIgnored(boolean nativeTransport) throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (Loopback.UdpServer server = Loopback.UdpServer.fromNewSocket(Loopback.V4, other,
                req -> List.of(FILE_NOT_FOUND));
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(Loopback.V4, server.port(), tftp(), null));
            assertEquals(PortState.OPEN_FILTERED, r.state(), r.toString());
            assertEquals(2, server.received.get());
            assertEquals(2L, r.evidence().number("ignoredDatagrams").orElseThrow(), r.toString());
            assertNull(r.service());
        }
    }

    /**
     * A closed port: Linux reports the ICMP port unreachable on an unconnected socket only with
     * IP_RECVERR, which epoll sets: closed. NIO cannot: silence, and the evidence says why.
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void aClosedPortIsClosedWhereIcmpCanBeHeard(boolean nativeTransport, InetAddress addr) throws Exception {
        int port = Loopback.closedUdpPort(addr);
        try (ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, port, tftp(), null));
            if (engine.transport().equals("epoll")) {
                assertEquals(PortState.CLOSED, r.state(), r.toString());
                assertTrue(r.evidence().summary().startsWith("ICMP port unreachable in "), r.evidence().summary());
                assertEquals(1, r.attempts());
            } else {
                assertEquals(PortState.OPEN_FILTERED, r.state(), r.toString());
                assertTrue(String.valueOf(r.evidence().details().get("icmpNotHeard")).contains("NIO"), r.toString());
            }
        }
    }
}
