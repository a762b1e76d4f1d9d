package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.model.Evidence;

class TlsConversationTest {
    @TempDir
    static Path dir;
    static LoopbackTlsServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void startServer() throws Exception {
        server = new LoopbackTlsServer(dir);
        address = server.start(ctx -> ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void realHandshakeReportsTheCertificate() throws Exception {
        Instant notBefore = server.certificate.getNotBefore().toInstant();
        Evidence e = server.converse(address, new TlsConversation(at(notBefore.plus(Duration.ofDays(10)))));
        assertTrue(e.matched(), e.toString());
        assertEquals("tls", e.probe());
        assertEquals("CN=" + LoopbackTlsServer.CN + ",O=portaudit test", e.details().get("subject"));
        assertEquals(e.details().get("subject"), e.details().get("issuer"), "self-signed");
        assertEquals(server.certificate.getNotAfter().toInstant().toString(), e.details().get("notAfter"));
        assertEquals((long) (LoopbackTlsServer.VALIDITY_DAYS - 10), e.details().get("daysLeft"));
        assertTrue(e.text("subjectAltNames").orElseThrow().contains("dns:" + LoopbackTlsServer.CN), e.details().toString());
        assertTrue(e.text("subjectAltNames").orElseThrow().contains("ip:127.0.0.1"), e.details().toString());
        assertEquals("TLSv1.3", e.details().get("protocol"));
        assertTrue(e.text("cipher").orElseThrow().startsWith("TLS_"), e.details().toString());
        assertEquals(64, e.text("sha256").orElseThrow().length());
        assertTrue(e.summary().contains("(20 days left)"), e.summary());
    }

    @Test
    void expiredCertificateHasNegativeDaysLeft() throws Exception {
        Instant notAfter = server.certificate.getNotAfter().toInstant();
        Evidence e = server.converse(address, new TlsConversation(at(notAfter.plus(Duration.ofHours(1)))));
        assertTrue(e.matched());
        assertEquals(-1L, e.details().get("daysLeft"));
    }

    @Test
    void daysLeftRoundsDown() {
        Instant notAfter = Instant.parse("2027-01-10T12:00:00Z");
        assertEquals(1, CertificateFacts.daysLeft(notAfter, Instant.parse("2027-01-08T12:00:01Z")));
        assertEquals(2, CertificateFacts.daysLeft(notAfter, Instant.parse("2027-01-08T12:00:00Z")));
        assertEquals(0, CertificateFacts.daysLeft(notAfter, Instant.parse("2027-01-10T11:59:59Z")));
        assertEquals(-1, CertificateFacts.daysLeft(notAfter, Instant.parse("2027-01-10T12:00:01Z")));
    }

    @Test
    void factsOfTheLabWebServersCertificate() throws Exception {
        String pem;
        try (var in = getClass().getResourceAsStream("/probes/tcp/lab-web01-cert.pem")) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        pem = pem.substring(pem.indexOf("-----BEGIN"));
        var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        var facts = CertificateFacts.of(cert, at(Instant.parse("2026-11-22T03:10:00Z")));
        assertEquals("CN=web01.lab.portaudit.test,O=portaudit lab", facts.get("subject"));
        assertEquals("dns:web01.lab.portaudit.test, dns:pa-web01, ip:198.18.0.20, ip:2001:2:0:1:0:0:0:20",
                facts.get("subjectAltNames"));
        assertEquals("2026-12-02T03:07:52Z", facts.get("notAfter"));
        assertEquals(9L, facts.get("daysLeft"));
        // The fingerprint TlsConversation reported in a live handshake with the lab's nginx.
        assertEquals("4e0e8b371b666c308115f90d7f1b1bc56347b66f6f9c12acae5ccc589c90b531", facts.get("sha256"));
    }

    @Test
    void clientHelloIsSentAndNothingElse() {
        try (Harness h = new Harness(new TlsConversation())) {
            byte[] hello = h.sent();
            assertEquals(0x16, hello[0], "handshake record");
            assertEquals(0x03, hello[1]);
            assertEquals(0x01, hello[5], "ClientHello");
            assertFalse(h.done());
        }
    }

    @Test
    void plainHttpPeerIsNotTls() {
        try (Harness h = new Harness(new TlsConversation())) {
            h.sent();
            h.feed("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (!h.done()) {
                h.peerCloses();
            }
            Evidence e = h.evidence();
            assertFalse(e.matched(), e.toString());
            assertTrue(e.text("replyText").orElseThrow().startsWith("HTTP/1.1 400"), e.details().toString());
        }
    }

    @Test
    void alertFromThePeerIsTlsThatFailed() {
        try (Harness h = new Harness(new TlsConversation())) {
            h.sent();
            h.feed(Hex.bytes("15 0303 0002 02 28")); // fatal handshake_failure
            if (!h.done()) {
                h.peerCloses();
            }
            Evidence e = h.evidence();
            assertTrue(e.matched(), e.toString());
            assertTrue(e.details().containsKey("tlsError"), e.details().toString());
        }
    }

    /** What went wrong is said in TLS terms, never as a Java exception's name. */
    @Test
    void failuresAreSaidInTlsWords() {
        try (Harness h = new Harness(new TlsConversation())) {
            h.sent();
            h.feed(Hex.bytes("15 0303 0002 02 28"));
            if (!h.done()) {
                h.peerCloses();
            }
            assertEquals("the server sent a fatal handshake_failure alert", h.evidence().details().get("tlsError"));
            assertEquals("TLS handshake failed: the server sent a fatal handshake_failure alert", h.evidence().summary());
        }
        try (Harness h = new Harness(new TlsConversation())) {
            h.sent();
            h.feed(RawTls12.records(RawTls12.serverHello()));
            h.peerCloses();
            Evidence e = h.evidence();
            assertEquals("the server closed the connection during the handshake", e.details().get("tlsError"), e.toString());
            assertFalse(e.toString().contains("Exception"), e.toString());
        }
    }

    @Test
    void closeWithoutReplyIsNotTls() {
        try (Harness h = new Harness(new TlsConversation())) {
            h.sent();
            h.peerCloses();
            assertFalse(h.evidence().matched());
        }
    }

    @Test
    void floodPastTheBoundStops() {
        try (Harness h = new Harness(new TlsConversation())) {
            h.sent();
            byte[] chunk = new byte[8192];
            chunk[0] = 0x17; // application data records of zeros... then junk
            for (int i = 0; i < 10 && !h.done(); i++) {
                h.feed(chunk);
            }
            assertTrue(h.done());
            assertFalse(h.evidence().matched());
        }
    }

    @Test
    void garbageNeverThrows() {
        Robustness.garbage(new TlsConversation());
    }
}
