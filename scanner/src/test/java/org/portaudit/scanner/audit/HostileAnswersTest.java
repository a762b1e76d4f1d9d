package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.engine.Loopback;
import org.portaudit.scanner.engine.ProbeEngine;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.probes.tcp.RawTls12;
import org.portaudit.scanner.probes.tcp.TcpConversations;
import org.portaudit.scanner.probes.udp.UdpPayloads;

/**
 * Hostile servers on loopback answer a role's ports with bytes that are not the protocol: random bytes,
 * floods, the request sent back, truncated or odd structures. The real probes (payloads, conversations)
 * run on the real engine, and the judge gives each row: something answered, so the port is open, but an
 * answer the decoder does not accept is no confirmation: wrong-service, saying what was seen.
 */
class HostileAnswersTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static ProbeEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new ProbeEngine(EngineConfig.defaults().withTimeout(Duration.ofSeconds(2)).withRetries(0));
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static Stream<Arguments> udp() {
        List<Arguments> out = new ArrayList<>();
        for (int port : new int[] {53, 88, 123, 137, 161, 389}) {
            out.add(Arguments.of(port, "random bytes", (Function<byte[], List<byte[]>>) req -> List.of(random(200, port))));
            out.add(Arguments.of(port, "a flood", (Function<byte[], List<byte[]>>) req -> {
                List<byte[]> flood = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    flood.add(random(1 + i % 700, port * 1000L + i));
                }
                return flood;
            }));
            out.add(Arguments.of(port, "the request sent back", (Function<byte[], List<byte[]>>) List::of));
        }
        out.add(Arguments.of(88, "6b 00", (Function<byte[], List<byte[]>>) req -> List.of(new byte[] {0x6b, 0})));
        // A DNS header with the query's ID and QR set, counting an answer that is not there.
        out.add(Arguments.of(53, "a copied DNS header and nothing else", (Function<byte[], List<byte[]>>) req ->
                List.of(new byte[] {req[0], req[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0})));
        // A NetBIOS "positive" response, with the query's ID, and no answer.
        out.add(Arguments.of(137, "a positive NBNS header without its answer", (Function<byte[], List<byte[]>>) req ->
                List.of(new byte[] {req[0], req[1], (byte) 0x84, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
        // An NTP mode 4 reply echoing the client's transmit time as origin, but with reserved stratum 200.
        out.add(Arguments.of(123, "an NTP reply with a reserved stratum", (Function<byte[], List<byte[]>>) req -> {
            byte[] r = new byte[48];
            r[0] = 0x24;
            r[1] = (byte) 200;
            System.arraycopy(req, 40, r, 24, 8);
            return List.of(r);
        }));
        // An LDAP notice of disconnection, which answers no search.
        out.add(Arguments.of(389, "an LDAP notice of disconnection", (Function<byte[], List<byte[]>>) req -> List.of(
                hex("300c020100 7807 0a0134 0400 0400"))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}/udp answering {1}")
    @MethodSource("udp")
    void udpAnswerTheDecoderDoesNotAcceptIsWrongService(int port, String what, Function<byte[], List<byte[]>> answer)
            throws Exception {
        try (Loopback.UdpServer server = Loopback.UdpServer.answering(LOOPBACK, answer)) {
            UdpPayloads payloads = UdpPayloads.create(UdpPayloads.Options.defaults().withDomain("lab.example"));
            ProbeResult<Object> r = run(ProbeTask.udp(LOOPBACK, server.port(), payloads.payloadsFor(port), null));
            PortCheck c = judge(Transport.UDP, port, r);
            assertEquals(PortState.OPEN, c.state(), c.toString());
            assertEquals(FindingKind.WRONG_SERVICE, c.finding(), c.message());
            assertTrue(c.message().startsWith("open, but does not answer as "), c.message());
            assertTrue(c.message().contains("bytes that the "), c.message());
            assertTrue(c.message().matches(".*answered with \\d+ bytes.*\\(hex [0-9a-f]{1,32}\u2026?, text \".{0,25}\"\\)"),
                    c.message());
            assertTrue(c.message().length() < 400, c.message());
            assertTrue(c.evidence().get(0).text("replyHex").isPresent(), c.evidence().toString());
        }
    }

    static Stream<Arguments> tcp() {
        return Stream.of(
                Arguments.of(88, "a framed 6b 00", hex("00000002 6b00")),
                // An AS-REP with pvno and msg-type but neither ticket nor enc-part.
                Arguments.of(88, "a hollow AS-REP", hex("0000000e 6b0c 300a a003020105 a10302010b")),
                Arguments.of(445, "4 bytes of \\xffSMB", hex("00000004 ff534d42")),
                Arguments.of(445, "an SMB1 header cut short", hex("00000020 ff534d42 72 00000000 98 0128 0000"
                        + "0000000000000000 0000 0000 fffe 0000 0000")),
                // An SMB2 NEGOTIATE response header choosing a dialect nobody offered (0x0999).
                Arguments.of(445, "an SMB2 response choosing a dialect not offered", hex("00000080"
                        + "fe534d42 4000 0000 00000000 0000 0100 01000000 00000000 0000000000000000 00000000 00000000"
                        + "0000000000000000 00000000000000000000000000000000"
                        + "4100 0100 9909 0000 00000000000000000000000000000000 00000000 00000100 00000100 00000100"
                        + "0000000000000000 0000000000000000 8000 0000 00000000")));
    }

    @ParameterizedTest(name = "{0}/tcp answering {1}")
    @MethodSource("tcp")
    void tcpAnswerTheDecoderDoesNotAcceptIsWrongService(int port, String what, byte[] answer) throws Exception {
        try (Loopback.TcpServer server = hostileTcp(answer)) {
            TcpConversation conversation = TcpConversations.defaults().forPort(port).orElseThrow();
            ProbeResult<Object> r = run(ProbeTask.tcp(LOOPBACK, server.port(), conversation, null));
            PortCheck c = judge(Transport.TCP, port, r);
            assertEquals(PortState.OPEN, c.state(), c.toString());
            assertEquals(FindingKind.WRONG_SERVICE, c.finding(), c.message() + " " + c.evidence());
            assertFalse(c.evidence().get(1).matched(), c.evidence().toString());
        }
    }

    static Stream<Arguments> tls() {
        byte[] hello = RawTls12.serverHello();
        List<byte[]> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(random(64, i));
        }
        // A Certificate message announcing 16 MB, and then 16 MB of it.
        byte[] header = RawTls12.records(hello, RawTls12.handshakeHeader(11, 0xffffff));
        byte[] huge = Arrays.copyOf(header, header.length + (16 << 20));
        return Stream.of(
                Arguments.of("a certificate of random bytes",
                        RawTls12.records(hello, RawTls12.certificate(List.of(random(300, 7)))),
                        "the server's Certificate message holds a certificate that does not parse"),
                Arguments.of("a chain of 11 certificates", RawTls12.records(hello, RawTls12.certificate(eleven)),
                        "the server sent a chain of 11 certificates, more than the 10 a client reads"),
                Arguments.of("a 16 MB chain", huge, "the server sent a handshake message of 16777215 bytes"));
    }

    @ParameterizedTest(name = "636/tcp answering TLS with {0}")
    @MethodSource("tls")
    void tlsWithoutAReadableCertificateIsAFinding(String what, byte[] flight, String words) throws Exception {
        try (Loopback.TcpServer server = hostileTcp(flight)) {
            TcpConversation conversation = TcpConversations.defaults().forPort(636).orElseThrow();
            ProbeResult<Object> r = run(ProbeTask.tcp(LOOPBACK, server.port(), conversation, null));
            PortCheck c = judge(Transport.TCP, 636, r);
            assertEquals(PortState.OPEN, c.state(), c.toString());
            assertEquals(FindingKind.CERTIFICATE, c.finding(), c.message() + " " + c.evidence());
            assertTrue(c.message().startsWith("open, answers in TLS records, but no certificate could be checked: "
                    + words), c.message());
            assertFalse(c.message().contains("confirmed"), c.message());
            assertFalse(c.evidence().toString().contains("Exception"), c.evidence().toString());
            assertFalse(c.evidence().get(1).details().containsKey("daysLeft"), c.evidence().toString());
        }
    }

    private static ProbeResult<Object> run(ProbeTask<Object> task) throws Exception {
        List<ProbeResult<Object>> results = Collections.synchronizedList(new ArrayList<>());
        engine.run(List.of(task).iterator(), results::add).get(30, TimeUnit.SECONDS);
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    /** The row of {@code port} when a domain controller (and SNMP agent) has {@code r} there and nothing else. */
    static PortCheck judge(Transport transport, int port, ProbeResult<Object> r) throws Exception {
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role("domain-controller").orElseThrow(),
                CATALOG.role("snmp-agent").orElseThrow()), WindowsVersion.CURRENT, UnexpectedScope.parse("none", CATALOG));
        Target target = Target.resolved("dc", "dc", LOOPBACK);
        HostResults seen = new HostResults(target, plan.expected().size());
        int index = -1;
        for (int i = 0; i < plan.expected().size(); i++) {
            ExpectedEndpoint e = plan.expected().get(i);
            if (e.transport() == transport && e.probeable() && e.number() == port) {
                index = i;
            }
        }
        assertTrue(index >= 0, port + "/" + transport + " is not in the plan");
        seen.expected(index, r);
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        HostReport h = new Judge(CATALOG, plan, Protocols.NONE, j).judge(seen,
                j.policy().forHost(target, List.of("domain-controller", "snmp-agent")), null);
        assertFalse(h.compliant());
        return h.expected().stream().filter(c -> c.transport() == transport && String.valueOf(port).equals(c.portText()))
                .findFirst().orElseThrow();
    }

    /** A TCP server that reads the request (or its first part), writes {@code answer} and keeps the connection. */
    private static Loopback.TcpServer hostileTcp(byte[] answer) throws IOException {
        return new Loopback.TcpServer(LOOPBACK, c -> {
            c.setSoTimeout(5000);
            c.getInputStream().read(new byte[4096]);
            OutputStream out = c.getOutputStream();
            out.write(answer);
            out.flush();
            Loopback.drain(c);
        });
    }

    static byte[] hex(String s) {
        String h = s.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
