package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

/** Failures in the protocol's words: each common exception type, and what real loopback exchanges leave in evidence. */
class FailureWordsTest {

    /** Netty's native errors, where its native transport loads (their class needs it). */
    static Stream<Arguments> nativeFailures() {
        if (!io.netty.channel.epoll.Epoll.isAvailable()) {
            return Stream.empty();
        }
        return Stream.of(
                Arguments.of(new Errors.NativeIoException("recvAddress", -111), true, "ICMP port unreachable"),
                Arguments.of(new Errors.NativeIoException("finishConnect", -111), false, "RST (connection refused)"),
                Arguments.of(new Errors.NativeIoException("readAddress", -104), false, "connection reset (ECONNRESET)"));
    }

    static Stream<Arguments> failures() {
        return Stream.concat(nativeFailures(), Stream.of(
                Arguments.of(new PortUnreachableException("recvAddress(..) failed: Connection refused"), true,
                        "ICMP port unreachable"),
                Arguments.of(new ConnectException("finishConnect(..) failed: Connection refused"), false,
                        "RST (connection refused)"),
                Arguments.of(new ConnectTimeoutException("connection timed out after 3000 ms: /198.18.0.30:445"), false,
                        "timed out after 3000 ms"),
                Arguments.of(ReadTimeoutException.INSTANCE, false, "timed out"),
                Arguments.of(new SocketTimeoutException("Read timed out"), false, "timed out"),
                Arguments.of(new ClosedChannelException(), false, "connection closed"),
                Arguments.of(new SSLHandshakeException("Received fatal alert: handshake_failure"), false,
                        "TLS handshake failed: the server sent a fatal handshake_failure alert"),
                Arguments.of(new DecoderException(new SSLHandshakeException("Received fatal alert: protocol_version")),
                        false, "TLS handshake failed: the server sent a fatal protocol_version alert"),
                Arguments.of(new SSLException("Unsupported or unrecognized SSL message"), false,
                        "TLS handshake failed: Unsupported or unrecognized SSL message"),
                Arguments.of(new IOException("Connection reset by peer"), false, "connection reset (ECONNRESET)"),
                Arguments.of(new IOException("Broken pipe"), false, "connection broken (EPIPE: the peer had closed it)"),
                Arguments.of(new NoRouteToHostException("No route to host"), false, "host unreachable (EHOSTUNREACH)"),
                Arguments.of(new SocketException("Network is unreachable"), true, "network unreachable (ENETUNREACH)"),
                Arguments.of(new BindException("Address already in use"), false,
                        "no local address or port to send from: Address already in use"),
                Arguments.of(new SocketException("Too many open files"), false,
                        "out of file descriptors on this machine (EMFILE): raise the open-file limit or lower"
                                + " --concurrency"),
                Arguments.of(new UnknownHostException("nowhere.test"), false, "no such host name: nowhere.test"),
                Arguments.of(new RuntimeException("java.io.IOException: Is a directory"), false, "Is a directory"),
                Arguments.of(new java.nio.file.AccessDeniedException("/srv/report.json"), false,
                        "/srv/report.json: permission denied"),
                Arguments.of(new java.nio.file.FileSystemException("/srv/out", null, "Is a directory"), false,
                        "/srv/out: Is a directory"),
                Arguments.of(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/srv/h.txt")), false,
                        "/srv/h.txt: no such file or directory"),
                Arguments.of(new IllegalStateException("javax.net.ssl.SSLEngine is closed"), false, "is closed"),
                Arguments.of(new NullPointerException(), false,
                        "an internal error without a reason (--verbose shows where)"),
                Arguments.of(new IOException(), false, "an input/output error without a reason")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureIsSaidInTheProtocolsWords(Throwable t, boolean udp, String words) {
        String said = Failures.describe(t, udp);
        assertEquals(words, said);
        assertJavaFree(said);
    }

    @Test
    void controlCharactersAndLengthOfAForeignMessageAreBounded() {
        String said = Failures.describe(new IOException("\u001b]0;owned\u0007" + "x".repeat(5000)));
        assertFalse(said.contains("\u001b") || said.contains("\u0007"), said);
        assertTrue(said.length() <= 201, said.length() + ": " + said);
    }

    /** Real exchanges on loopback: a closed UDP port (ICMP), a closed TCP port (RST), a conversation failing with TLS. */
    @Test
    void loopbackEvidenceHoldsNoJavaNames() throws Exception {
        TcpConversation failing = new TcpConversation() {
            @Override
            public String name() {
                return "tcp:failing";
            }

            @Override
            public void start(io.netty.channel.Channel channel, io.netty.util.concurrent.Promise<Evidence> result) {
                result.tryFailure(new DecoderException(new SSLHandshakeException("Received fatal alert: bad_certificate")));
            }
        };
        try (Loopback.TcpServer server = new Loopback.TcpServer(Loopback.V4, s -> Loopback.drain(s));
             ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withRetries(0))) {
            List<ProbeResult<Object>> r = Loopback.runAll(engine, List.of(
                    ProbeTask.udp(Loopback.V4, Loopback.closedUdpPort(Loopback.V4), 0),
                    ProbeTask.tcp(Loopback.V4, Loopback.closedTcpPort(Loopback.V4), 1),
                    ProbeTask.tcp(Loopback.V4, server.port(), failing, 2)));
            assertEquals(PortState.CLOSED, r.get(0).state());
            assertTrue(r.get(0).evidence().summary().startsWith("ICMP port unreachable"), r.get(0).toString());
            assertFalse(r.get(0).evidence().details().containsKey("error"), "the summary says it all: " + r.get(0));
            assertEquals(PortState.CLOSED, r.get(1).state());
            assertTrue(r.get(1).evidence().summary().startsWith("RST (connection refused)"), r.get(1).toString());
            String conv = r.get(2).service() == null ? r.get(2).evidence().toString() : r.get(2).service().toString();
            assertTrue(conv.contains("conversation failed: TLS handshake failed: the server sent a fatal bad_certificate"
                    + " alert"), conv);
            for (ProbeResult<Object> one : r) {
                assertJavaFree(one.evidence().toString());
                if (one.service() != null) {
                    assertJavaFree(one.service().toString());
                }
            }
        }
    }

    private static void assertJavaFree(String s) {
        assertFalse(s.contains("Exception"), s);
        assertFalse(s.contains("java."), s);
        assertFalse(s.contains("javax."), s);
        assertFalse(s.contains("(..)"), s);
    }
}
