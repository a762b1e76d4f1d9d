package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portaudit.reports.model.PortState;

class TcpProbeTest {

    /** Both transports (native epoll when this machine has it, and NIO) on both loopbacks. */
    static Stream<Arguments> transports() {
        return Stream.of(
                Arguments.of(true, Loopback.V4), Arguments.of(false, Loopback.V4),
                Arguments.of(true, Loopback.V6), Arguments.of(false, Loopback.V6));
    }

    private static EngineConfig config(boolean nativeTransport) {
        return EngineConfig.defaults().withNativeTransport(nativeTransport).withTimeout(Duration.ofMillis(300));
    }

    /** An open port's probe socket closes with RST (SO_LINGER 0), so a sweep leaves no TIME_WAIT. */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void openPortIsClosedWithReset(boolean nativeTransport, InetAddress addr) throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 10, addr);
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(addr, server.getLocalPort(), null));
            assertEquals(PortState.OPEN, r.state(), r.toString());
            server.setSoTimeout(5000);
            try (java.net.Socket accepted = server.accept()) {
                accepted.setSoTimeout(5000);
                java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> accepted.getInputStream().read(), "a FIN would read -1; a RST throws");
                assertTrue(String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset"),
                        e.toString());
            }
        }
    }

    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void listeningPortIsOpenWithRoundTripTime(boolean nativeTransport, InetAddress addr) throws Exception {
        try (Loopback.TcpServer server = new Loopback.TcpServer(addr, Loopback::drain);
             ProbeEngine engine = new ProbeEngine(config(nativeTransport))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(addr, server.port(), null));
            assertEquals(PortState.OPEN, r.state(), r.toString());
            assertNotNull(r.rtt());
            assertTrue(r.rtt().toNanos() > 0);
            assertEquals(1, r.attempts());
            assertEquals("tcp-connect", r.evidence().probe());
            assertTrue(r.evidence().summary().startsWith("SYN-ACK in "), r.evidence().summary());
            assertTrue(r.evidence().matched());
            assertNull(r.service());
        }
    }

    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void portWithoutListenerIsClosed(boolean nativeTransport, InetAddress addr) throws Exception {
        int port = Loopback.closedTcpPort(addr);
        try (ProbeEngine engine = new ProbeEngine(config(nativeTransport).withRetries(3))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(addr, port, null));
            assertEquals(PortState.CLOSED, r.state(), r.toString());
            assertTrue(r.evidence().summary().startsWith("RST (connection refused) in "), r.evidence().summary());
            assertEquals("ECONNREFUSED", r.evidence().details().get("errno"));
            assertEquals(1L, r.evidence().details().get("attempts"), "a number, not text");
            assertFalse(r.evidence().details().containsKey("rtt-ms"), "the result carries the round trip");
            assertNotNull(r.rtt());
            assertEquals(1, r.attempts(), "a refused connect is an answer: no retry");
            assertTrue(engine.smoothedRtt(addr).isPresent(), "an RST is a round-trip sample");
        }
    }

    /**
     * A host whose closed ports answered in microseconds: its silent port waits about the floor
     * (100 ms), not the 3 s ceiling; the first try, sent before any answer, is cut short as soon as
     * the samples are in.
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void theHostsRoundTripSetsTheConnectTimeout(boolean nativeTransport, InetAddress addr) throws Exception {
        withFullAcceptQueue(addr, silentPort -> {
            List<ProbeTask<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(ProbeTask.tcp(addr, Loopback.closedTcpPort(addr), i));
            }
            tasks.add(ProbeTask.tcp(addr, silentPort, 4));
            try (ProbeEngine engine = new ProbeEngine(config(nativeTransport).withTimeout(Duration.ofSeconds(3))
                    .withRetries(1))) {
                List<ProbeResult<Object>> r = Loopback.runAll(engine, tasks);
                ProbeResult silent = r.get(4);
                assertEquals(PortState.FILTERED, silent.state(), silent.toString());
                assertEquals(2, silent.attempts());
                long waited = silent.evidence().number("timeoutMs").orElseThrow();
                assertTrue(waited >= 100 && waited < 1000, "the floor, not the ceiling: waited " + waited + " ms");
                assertTrue(engine.smoothedRtt(addr).orElseThrow().toMillis() < 100);
            }
        });
    }

    interface PortTest {
        void run(int port) throws Exception;
    }

    /** Runs {@code test} on the port of a listener whose accept queue is full: SYNs to it get no answer. */
    static void withFullAcceptQueue(InetAddress addr, PortTest test) throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, addr)) {
            assumeTrue(fillQueue(listener, fillers), "could not fill the accept queue of a listener");
            test.run(listener.getLocalPort());
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    /**
     * Filtered without a firewall: on Linux a SYN that finds the listener's accept queue full is
     * dropped, so the connect gets no answer at all, like behind a DROP rule.
     */
    @ParameterizedTest(name = "native={0} {1}")
    @MethodSource("transports")
    void synToFullAcceptQueueIsFilteredAfterRetries(boolean nativeTransport, InetAddress addr) throws Exception {
        withFullAcceptQueue(addr, silentPort -> {
            try (ProbeEngine engine = new ProbeEngine(config(nativeTransport).withRetries(1))) {
                ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(addr, silentPort, null));
                assertEquals(PortState.FILTERED, r.state(), r.toString());
                assertEquals(2, r.attempts(), "silence is retried");
                assertNull(r.rtt());
                assertFalse(r.evidence().matched());
                assertTrue(r.evidence().summary().matches(
                        "no answer to SYN after 2 tries \\(the last waited 3\\d\\d ms, from the host's round trip\\)"),
                        "no answer from the host yet: the ceiling; " + r.evidence().summary());
                assertEquals(2L, r.evidence().number("attempts").orElseThrow());
            }
        });
    }

    /** Connects until one connect times out: then the accept queue is full. */
    static boolean fillQueue(ServerSocket listener, List<Socket> fillers) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 200);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return true;
            }
        }
        return false;
    }
}
