package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.UdpPayload;

class UdpPayloadsTest {
    private final UdpPayloads defaults = UdpPayloads.create(UdpPayloads.Options.defaults(), new SplittableRandom(11));

    @Test
    void everyPortOfTheBriefHasAPayload() {
        for (int port : new int[] {7, 13, 17, 19, 53, 67, 69, 88, 123, 137, 161, 389, 464, 500, 1434, 1645, 1646,
                1701, 1812, 1813, 1900, 4500}) {
            assertTrue(defaults.forPort(port).isPresent(), "port " + port);
            assertTrue(defaults.noProbeReason(port).isEmpty(), "port " + port);
        }
        assertEquals(List.of("snmp-v2c-get", "snmp-v3-discovery"), defaults.payloadsFor(161).stream().map(UdpPayload::name).toList());
        assertEquals(List.of("cldap-netlogon", "cldap-rootdse"), defaults.payloadsFor(389).stream().map(UdpPayload::name).toList());
        assertEquals("kerberos-as-req", defaults.forPort(88).orElseThrow().name());
        assertEquals("radius-access-request", defaults.forPort(1645).orElseThrow().name());
        assertEquals("radius-accounting-request", defaults.forPort(1646).orElseThrow().name());
        assertEquals("ike-nat-t-sa-init", defaults.forPort(4500).orElseThrow().name());
    }

    @Test
    void portsWithoutARequestSayWhy() {
        assertTrue(defaults.payloadsFor(138).isEmpty());
        assertTrue(defaults.noProbeReason(138).orElseThrow().contains("NetBIOS datagram"));
        assertTrue(defaults.noProbeReason(5004).orElseThrow().contains("RTP"));
        assertTrue(defaults.noProbeReason(50000).orElseThrow().startsWith("dynamic port"));
        assertTrue(defaults.noProbeReason(2535).orElseThrow().contains("2535"));
        assertTrue(defaults.silenceNote(1645).orElseThrow().contains("shared secret"));
        assertTrue(defaults.silenceNote(161).orElseThrow().contains("community"));
        assertTrue(defaults.silenceNote(88).isEmpty(), "a KDC always answers");
        assertTrue(defaults.repliesFromAnotherPort(69));
        assertFalse(defaults.repliesFromAnotherPort(53));
    }

    @Test
    void optionsReachTheRequests() {
        UdpPayloads p = UdpPayloads.create(UdpPayloads.Options.defaults().withDomain("lab.portaudit.test")
                .withSnmpCommunity("n0tpublic").withRadiusSecret("s3cret"), new SplittableRandom(11));
        String dns = new String(PayloadTesting.request(p.forPort(53).orElseThrow()), StandardCharsets.ISO_8859_1);
        assertTrue(dns.contains("\u0003lab\u0009portaudit\u0004test\u0000"), "asks the domain's SOA");
        String krb = new String(PayloadTesting.request(p.forPort(88).orElseThrow()), StandardCharsets.ISO_8859_1);
        assertTrue(krb.contains("LAB.PORTAUDIT.TEST"), "realm in upper case");
        String kpw = new String(PayloadTesting.request(p.forPort(464).orElseThrow()), StandardCharsets.ISO_8859_1);
        assertTrue(kpw.contains("LAB.PORTAUDIT.TEST"));
        String cldap = new String(PayloadTesting.request(p.forPort(389).orElseThrow()), StandardCharsets.ISO_8859_1);
        assertTrue(cldap.contains("DnsDomain") && cldap.contains("lab.portaudit.test"));
        String snmp = new String(PayloadTesting.request(p.forPort(161).orElseThrow()), StandardCharsets.ISO_8859_1);
        assertTrue(snmp.contains("n0tpublic"));
        byte[] signed = PayloadTesting.request(p.forPort(1812).orElseThrow());
        byte[] unsigned = PayloadTesting.request(defaults.forPort(1812).orElseThrow());
        byte[] zeros = new byte[16];
        assertArrayEquals(zeros, java.util.Arrays.copyOfRange(unsigned, unsigned.length - 16, unsigned.length),
                "no secret: Message-Authenticator cannot be computed");
        assertNotEquals(java.util.Arrays.toString(zeros),
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(signed, signed.length - 16, signed.length)),
                "with the secret the request is signed");
        String shown = UdpPayloads.Options.defaults().withSnmpCommunity("n0tpublic").withRadiusSecret("s3cret").toString();
        assertFalse(shown.contains("n0tpublic") || shown.contains("s3cret"), shown);
    }

    @Test
    void seededRegistriesRepeatAndSecureOnesDiffer() {
        UdpPayloads again = UdpPayloads.create(UdpPayloads.Options.defaults(), new SplittableRandom(11));
        for (int port : defaults.ports()) {
            assertArrayEquals(PayloadTesting.request(defaults.forPort(port).orElseThrow()),
                    PayloadTesting.request(again.forPort(port).orElseThrow()), "port " + port);
        }
        UdpPayloads a = UdpPayloads.create(null);
        UdpPayloads b = UdpPayloads.create(null);
        assertFalse(java.util.Arrays.equals(PayloadTesting.request(a.forPort(88).orElseThrow()),
                PayloadTesting.request(b.forPort(88).orElseThrow())), "random principal and nonce per run");
    }

    @Test
    void everyPayloadIsSmallIgnoresItsOwnRequestAndSurvivesGarbage() {
        Random random = new Random(99);
        for (int port : defaults.ports()) {
            for (UdpPayload p : defaults.payloadsFor(port)) {
                byte[] q = PayloadTesting.request(p);
                assertTrue(q.length > 0 && q.length <= 1200, p.name() + " fits any path MTU: " + q.length);
                if (!p.name().equals("echo")) {
                    java.util.Optional<Evidence> e = PayloadTesting.match(p, q);
                    assertFalse(e.isPresent() && e.get().matched(), p.name() + " matched its own request");
                }
                for (int i = 0; i < 300; i++) {
                    byte[] junk = new byte[random.nextInt(1500)];
                    random.nextBytes(junk);
                    PayloadTesting.match(p, junk);
                }
            }
        }
    }

    /** How the engine will use a payload: inside a pipeline, releasing what it reads. */
    static final class MatchHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final UdpPayload payload;

        MatchHandler(UdpPayload payload) {
            this.payload = payload;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            payload.match(msg).ifPresent(ctx::fireChannelRead);
        }
    }

    @Test
    void onAnEmbeddedChannelRepliesAreMatchedAndReleased() {
        KerberosAsReqPayload krb = new KerberosAsReqPayload("lab.portaudit.test", "portaudit-probe-0a0b0c0d0e0f", 0x01020304L);
        EmbeddedChannel ch = new EmbeddedChannel(new MatchHandler(krb));
        try {
            ByteBuf real = Unpooled.wrappedBuffer(PayloadTesting.hexResource("dc-kerberos-88.hex"));
            ByteBuf junk = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
            ch.writeInbound(real, junk);
            assertEquals(0, real.refCnt(), "the pipeline released the reply: the payload did not retain it");
            assertEquals(0, junk.refCnt());
            Evidence e = ch.readInbound();
            assertEquals("udp:kerberos-as-req", e.probe());
            assertTrue(e.matched());
            assertNull(ch.readInbound(), "garbage produced no evidence");
            ByteBuf req = krb.request(ch.alloc());
            assertTrue(req.readableBytes() > 0);
            req.release();
        } finally {
            assertFalse(ch.finishAndReleaseAll());
        }
    }
}
