package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.model.Evidence;

class RdpTlsConversationTest {
    /** X.224 Connection Confirm with RDP_NEG_RSP selecting {@code protocol} (MS-RDPBCGR 2.2.1.2). */
    static byte[] confirm(int protocol) {
        return Hex.bytes("0300 0013 0e d0 0000 1234 00 02 00 0800" + String.format("%02x000000", protocol));
    }

    private static RdpTlsConversation rdp() {
        return new RdpTlsConversation(new TlsConversation());
    }

    @Test
    void requestIsAnX224ConnectionRequestAskingForTlsOrCredSsp() {
        try (Harness h = new Harness(rdp())) {
            // TPKT v3 len 19 | X.224 LI 14, CR, refs 0, class 0 | RDP_NEG_REQ len 8, SSL|HYBRID
            assertEquals("03000013" + "0ee00000000000" + "01000800" + "03000000", Hex.of(h.sent()));
        }
    }

    @Test
    void confirmSelectingTlsStartsTheHandshake() {
        try (Harness h = new Harness(rdp())) {
            h.sent();
            h.feed(confirm(1));
            h.channel.runPendingTasks();
            byte[] hello = h.sent();
            assertTrue(hello.length > 5 && hello[0] == 0x16 && hello[5] == 0x01, "ClientHello follows: " + Hex.of(hello));
            assertFalse(h.done());
            h.peerCloses();
            Evidence e = h.evidence();
            assertFalse(e.matched(), "closed before any TLS reply");
            assertEquals("SSL", e.details().get("rdpSelectedProtocol"));
        }
    }

    @Test
    void negotiationFailureIsRdpWithoutTls() {
        Evidence e = Robustness.whole(rdp(), Hex.bytes("0300 0013 0e d0 0000 1234 00 03 00 0800 05000000"));
        assertTrue(e.matched());
        assertEquals("HYBRID_REQUIRED_BY_SERVER", e.details().get("rdpNegotiationFailure"));
        assertEquals("rdp-tls", e.probe());
    }

    @Test
    void oldServerWithoutNegotiationIsStandardRdpSecurity() {
        Evidence e = Robustness.whole(rdp(), Hex.bytes("0300 000b 06 d0 0000 1234 00"));
        assertTrue(e.matched());
        assertTrue(e.text("rdpSecurity").orElseThrow().startsWith("standard RDP security"));
    }

    @Test
    void otherPeersAreNotRdp() {
        Evidence e = Robustness.whole(rdp(), "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
        assertFalse(e.matched());
        assertEquals("rdp-tls", e.probe());
        assertFalse(Robustness.whole(rdp(), Hex.bytes("0300 0013 0e e0 0000 0000 00 01 00 0800 03000000")).matched(),
                "our own request echoed is no Connection Confirm");
    }

    @Test
    void truncatedAtEveryLengthAndDripped() {
        byte[] failure = Hex.bytes("0300 0013 0e d0 0000 1234 00 03 00 0800 01000000");
        Robustness.truncationsAndDrip(rdp(), failure, failure.length);
        Robustness.garbage(rdp());
    }

    @Test
    void realX224ThenTlsOnLoopback(@TempDir Path dir) throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(dir)) {
            InetSocketAddress address = server.start(FakeRdpServer::new);
            Clock clock = Clock.fixed(server.certificate.getNotBefore().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
            Evidence e = server.converse(address, new RdpTlsConversation(new TlsConversation(clock)));
            assertTrue(e.matched(), e.toString());
            assertEquals("rdp-tls", e.probe());
            assertEquals("HYBRID", e.details().get("rdpSelectedProtocol"));
            assertEquals("CN=" + LoopbackTlsServer.CN + ",O=portaudit test", e.details().get("subject"));
            assertEquals((long) (LoopbackTlsServer.VALIDITY_DAYS - 1), e.details().get("daysLeft"));
            assertFalse(e.details().containsKey("tlsFollows"));
        }
    }

    /** Answers the 19-byte Connection Request with a Confirm selecting CredSSP, then speaks TLS. */
    static final class FakeRdpServer extends ChannelInboundHandlerAdapter {
        private final SslContext tls;
        private final ByteBuf request = Unpooled.buffer(19, 19);

        FakeRdpServer(SslContext tls) {
            this.tls = tls;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                request.writeBytes(in, Math.min(in.readableBytes(), request.writableBytes()));
            } finally {
                in.release();
            }
            if (!request.isWritable()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(confirm(2)));
                ctx.pipeline().replace(this, "tls", tls.newHandler(ctx.alloc()));
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            request.release();
        }
    }
}
