package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.model.Evidence;

/**
 * The partial handshake for servers the JDK will not talk to: the hand-written hello, the reader of the
 * server's first flight (crafted flights, dripped, truncated, hostile), and a real TLS 1.0-only OpenSSL.
 */
class LegacyTlsTest {
    @TempDir
    static Path dir;
    static LoopbackTlsServer jdkServer;
    static byte[] der;

    @BeforeAll
    static void certificate() throws Exception {
        jdkServer = new LoopbackTlsServer(dir);
        der = jdkServer.certificate.getEncoded();
    }

    @AfterAll
    static void close() {
        jdkServer.close();
    }

    private static LegacyTlsHello.Outcome read(byte[]... chunks) {
        LegacyTlsHello.Reader r = new LegacyTlsHello.Reader();
        LegacyTlsHello.Outcome o = new LegacyTlsHello.NeedMore();
        for (byte[] c : chunks) {
            o = r.offer(Unpooled.wrappedBuffer(c));
            if (!(o instanceof LegacyTlsHello.NeedMore)) {
                return o;
            }
        }
        return r.end();
    }

    private static byte[] flight(byte[]... messages) {
        return RawTls12.records(messages);
    }

    @Test
    void helloOffersTls12InATls10RecordWithEverySuiteAndSniOnlyForNames() {
        ByteBuf h = LegacyTlsHello.clientHello(ByteBufAllocator.DEFAULT, "dc01.lab.example");
        try {
            assertEquals(22, h.getUnsignedByte(0));
            assertEquals(0x0301, h.getUnsignedShort(1));
            assertEquals(h.readableBytes() - 5, h.getUnsignedShort(3));
            assertEquals(1, h.getUnsignedByte(5));
            assertEquals(0x0303, h.getUnsignedShort(9));
            assertEquals(0, h.getUnsignedByte(43), "no session id");
            assertEquals(2 * (LegacyTlsHello.SUITES.size() + 1), h.getUnsignedShort(44));
            assertTrue(h.toString(StandardCharsets.US_ASCII).contains("dc01.lab.example"));
        } finally {
            h.release();
        }
        ByteBuf literal = LegacyTlsHello.clientHello(ByteBufAllocator.DEFAULT, "127.0.0.1");
        ByteBuf none = LegacyTlsHello.clientHello(ByteBufAllocator.DEFAULT, null);
        try {
            assertEquals(none.readableBytes(), literal.readableBytes(), "no SNI for an address literal");
        } finally {
            literal.release();
            none.release();
        }
        assertNull(LegacyTlsHello.sniName("dc01\u001b]0;x\u0007"));
        assertNull(LegacyTlsHello.sniName("::1"));
        assertEquals("dc01.lab", LegacyTlsHello.sniName("dc01.lab."));
    }

    @Test
    void serverHelloAndCertificateGiveVersionSuiteAndLeaf() {
        byte[] all = flight(RawTls12.serverHello(), RawTls12.certificate(List.of(der, der)));
        LegacyTlsHello.Hello h = assertInstanceOf(LegacyTlsHello.Hello.class, read(all));
        assertEquals("TLSv1.2", h.protocol());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", h.suiteName());
        assertEquals(2, h.chainLength());
        assertNotNull(h.leaf());
        assertNull(h.certificateError());

        List<byte[]> drip = new ArrayList<>();
        for (byte b : all) {
            drip.add(new byte[] {b});
        }
        LegacyTlsHello.Hello dripped = assertInstanceOf(LegacyTlsHello.Hello.class, read(drip.toArray(byte[][]::new)));
        assertEquals(jdkServer.certificate, dripped.leaf());
    }

    @Test
    void alertsAndOtherPeersAreSaidAsSuch() {
        LegacyTlsHello.Alert a = assertInstanceOf(LegacyTlsHello.Alert.class, read(new byte[] {21, 3, 1, 0, 2, 2, 70}));
        assertEquals("the server sent a fatal protocol_version alert", a.words());
        assertInstanceOf(LegacyTlsHello.NotTls.class, read("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(LegacyTlsHello.NotTls.class, read());
        assertEquals("the server stopped after its ServerHello, before any Certificate message",
                assertInstanceOf(LegacyTlsHello.Broken.class, read(flight(RawTls12.serverHello()))).why());
    }

    @Test
    void hostileFlightsAreRefusedWithReasons() {
        byte[] hello = RawTls12.serverHello();
        byte[] otherSuite = hello.clone();
        otherSuite[4 + 35] = 0x13; // TLS_AES_128_GCM_SHA256, a TLS 1.3 suite the hello never offered
        otherSuite[4 + 36] = 0x01;
        assertTrue(assertInstanceOf(LegacyTlsHello.Broken.class, read(flight(otherSuite))).why().contains("did not offer"));
        byte[] tls13 = hello.clone();
        tls13[5] = 0x04;
        assertTrue(assertInstanceOf(LegacyTlsHello.Broken.class, read(flight(tls13))).why().contains("0x0304"));

        List<byte[]> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(der);
        }
        LegacyTlsHello.Hello many = assertInstanceOf(LegacyTlsHello.Hello.class,
                read(flight(hello, RawTls12.certificate(eleven))));
        assertNull(many.leaf());
        assertTrue(many.certificateError().contains("11 certificates"), many.certificateError());
        LegacyTlsHello.Hello garbage = assertInstanceOf(LegacyTlsHello.Hello.class,
                read(flight(hello, RawTls12.certificate(List.of("not a certificate".getBytes(StandardCharsets.US_ASCII))))));
        assertTrue(garbage.certificateError().contains("does not parse"));
        byte[] huge = flight(hello, RawTls12.handshakeHeader(11, 16_777_215));
        assertTrue(assertInstanceOf(LegacyTlsHello.Broken.class, read(huge)).why().contains("16777215"));
        byte[] bigRecord = {22, 3, 3, (byte) 0xff, (byte) 0xff};
        assertTrue(assertInstanceOf(LegacyTlsHello.Broken.class, read(bigRecord)).why().contains("65535"));
    }

    @Test
    void randomBytesNeverThrowAndStayBounded() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            if (i % 2 == 0 && b.length > 5) { // a record header, so the reader goes deeper
                b[0] = 22;
                b[1] = 3;
            }
            assertNotNull(read(b));
        }
        byte[] flood = new byte[200_000];
        for (int off = 0; off + 5 <= flood.length; off += 16389) {
            flood[off] = 22;
            flood[off + 1] = 3;
            flood[off + 3] = 0x40; // 16384-byte records of zeroes: handshake type 0 where a ServerHello belongs
        }
        assertInstanceOf(LegacyTlsHello.Broken.class, read(flood));
    }

    @Test
    void aTls10OnlyServerIsReadByThePartialHandshakeAfterTheJdkFails() throws Exception {
        try (OpensslLegacyServer old = new OpensslLegacyServer(dir, "-tls1", "DEFAULT:@SECLEVEL=0")) {
            Evidence modern = jdkServer.converse(old.address, new TlsConversation());
            assertTrue(modern.matched(), modern.toString());
            assertTrue(modern.text("tlsError").isPresent(), modern.toString());
            assertTrue(LegacyTlsConversation.worthRetrying(modern), modern.toString());

            Evidence legacy = jdkServer.converse(old.address, new LegacyTlsConversation());
            assertTrue(legacy.matched(), legacy.toString());
            assertEquals("TLSv1", legacy.details().get("protocol"));
            assertEquals("partial", legacy.details().get("handshake"));
            assertEquals("CN=" + OpensslLegacyServer.CN, legacy.details().get("subject"));
            assertTrue(legacy.number("daysLeft").orElse(-1) >= OpensslLegacyServer.DAYS - 1, legacy.toString());

            Evidence merged = LegacyTlsConversation.merge(modern, legacy);
            assertEquals("TLSv1", merged.details().get("protocol"));
            assertEquals(modern.text("tlsError").get(), merged.details().get("modernHandshake"));
            assertFalse(merged.details().containsKey("tlsError"));
        }
    }

    @Test
    void aModernServerIsNotRetriedAndAFailedSecondTryKeepsTheFirstFailure() throws Exception {
        Evidence ok = jdkServer.converse(jdkServer.start(ctx -> ctx.newHandler(ByteBufAllocator.DEFAULT)),
                new TlsConversation());
        assertFalse(LegacyTlsConversation.worthRetrying(ok), ok.toString());
        Evidence badCert = new Evidence("tls", "TLS handshake failed", true, java.util.Map.of("tlsError",
                "the server's Certificate message holds a certificate that does not parse"));
        assertFalse(LegacyTlsConversation.worthRetrying(badCert));
        Evidence noVersion = new Evidence("tls", "TLS handshake failed", true,
                java.util.Map.of("tlsError", "the server and portaudit share no TLS version"));
        assertTrue(LegacyTlsConversation.worthRetrying(noVersion));
        Evidence merged = LegacyTlsConversation.merge(noVersion, Evidence.of("tls", "no TLS reply", false));
        assertEquals("the server and portaudit share no TLS version; a TLS 1.0-1.2 hello got: no TLS reply",
                merged.details().get("tlsError"));
        assertTrue(merged.matched());
    }
}
