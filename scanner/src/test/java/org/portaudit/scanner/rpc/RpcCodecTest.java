package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpcCodecTest {

    private static EmbeddedChannel inbound() {
        return new EmbeddedChannel(new RpcFrameDecoder(), new RpcPduDecoder(), new ResponseAssembler(4096));
    }

    private static byte[] written(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        try {
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    private static RpcException decoderError(Throwable t) {
        assertInstanceOf(DecoderException.class, t);
        return assertInstanceOf(RpcException.class, t.getCause());
    }

    @Test
    void bindIsEncodedFieldByField() {
        EmbeddedChannel ch = new EmbeddedChannel(new RpcPduEncoder());
        try {
            ch.writeOutbound(new RpcPdu.Bind(1, 5840, 5840, RpcPdu.EPM, RpcPdu.NDR));
            byte[] b = written(ch);
            assertEquals(72, b.length);
            assertArrayEquals(EpmWire.hex("05 00 0b 03 10000000 4800 0000 01000000"), Arrays.copyOfRange(b, 0, 16),
                    "version 5.0, bind, first+last frag, little-endian drep, frag_length 72, no auth, call 1");
            assertArrayEquals(EpmWire.hex("d016 d016 00000000"), Arrays.copyOfRange(b, 16, 24),
                    "max_xmit_frag, max_recv_frag 5840, new association group");
            assertArrayEquals(EpmWire.hex("01 00 0000  0000 01 00"), Arrays.copyOfRange(b, 24, 32),
                    "one context, context id 0, one transfer syntax");
            assertArrayEquals(EpmWire.hex("0883afe1 1f5d c911 91a4 08002b14a0fa 0300 0000"),
                    Arrays.copyOfRange(b, 32, 52), "ept e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0");
            assertArrayEquals(EpmWire.hex("045d888a eb1c c911 9fe8 08002b104860 02000000"),
                    Arrays.copyOfRange(b, 52, 72), "NDR 8a885d04-1ceb-11c9-9fe8-08002b104860 v2");
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void eptLookupRequestIsEncoded() {
        EmbeddedChannel ch = new EmbeddedChannel(new RpcPduEncoder());
        try {
            byte[] handle = EpmWire.handle(7);
            ch.writeOutbound(new RpcPdu.Request(2, 0, EptLookup.OPNUM, EptLookup.requestStub(handle, 100)));
            byte[] b = written(ch);
            assertEquals(64, b.length);
            assertArrayEquals(EpmWire.hex("05 00 00 03 10000000 4000 0000 02000000"), Arrays.copyOfRange(b, 0, 16));
            assertArrayEquals(EpmWire.hex("28000000 0000 0200"), Arrays.copyOfRange(b, 16, 24),
                    "alloc_hint 40, context 0, opnum 2");
            assertArrayEquals(EpmWire.hex("00000000 00000000 00000000 01000000"), Arrays.copyOfRange(b, 24, 40),
                    "RPC_C_EP_ALL_ELTS, null object, null interface, RPC_C_VERS_ALL");
            assertArrayEquals(handle, Arrays.copyOfRange(b, 40, 60));
            assertArrayEquals(EpmWire.hex("64000000"), Arrays.copyOfRange(b, 60, 64), "max_ents 100");
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void bindAckIsDecoded() {
        EmbeddedChannel ch = inbound();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.bindAck(1, 0)));
            RpcPdu.BindAck ack = assertInstanceOf(RpcPdu.BindAck.class, ch.readInbound());
            assertEquals(1, ack.callId());
            assertEquals(5840, ack.maxXmitFrag());
            assertEquals(0x12345, ack.assocGroupId());
            assertEquals("135", ack.secondaryAddress());
            assertEquals(1, ack.results().size());
            assertTrue(ack.results().get(0).accepted());
            assertEquals(RpcPdu.NDR.uuid(), ack.results().get(0).transferSyntax().uuid());
            assertEquals(2, ack.results().get(0).transferSyntax().major());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void rejectedContextBindNakAndFaultAreDecoded() {
        EmbeddedChannel ch = inbound();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.bindAck(1, 2)));
            RpcPdu.BindAck ack = ch.readInbound();
            assertFalse(ack.results().get(0).accepted());
            assertEquals(2, ack.results().get(0).reason());

            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.bindNak(1, 4)));
            RpcPdu.BindNak nak = ch.readInbound();
            assertEquals("protocol version not supported", nak.reasonName());

            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.fault(2, 0x1c010003)));
            RpcPdu.Fault f = ch.readInbound();
            assertEquals(2, f.callId());
            assertEquals("0x1c010003 (nca_s_unk_if)", f.statusName());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void pdusSplitAndJoinedInTheStreamAreFramed() {
        EmbeddedChannel ch = inbound();
        try {
            byte[] a = EpmWire.bindAck(1, 0);
            byte[] f = EpmWire.fault(2, 5);
            byte[] both = new byte[a.length + f.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(f, 0, both, a.length, f.length);
            for (byte x : both) { // one byte at a time
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
            }
            assertInstanceOf(RpcPdu.BindAck.class, ch.readInbound());
            assertInstanceOf(RpcPdu.Fault.class, ch.readInbound());
            assertNull(ch.readInbound());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void responseFragmentsAreReassembled() {
        EmbeddedChannel ch = inbound();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.response(3, RpcPdu.PFC_FIRST_FRAG, new byte[] {1, 2})));
            assertNull(ch.readInbound());
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.response(3, 0, new byte[] {3})));
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.response(3, RpcPdu.PFC_LAST_FRAG, new byte[] {4, 5})));
            RpcPdu.Response r = ch.readInbound();
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, r.stub());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void reassemblyStopsAtTheResponseLimit() {
        EmbeddedChannel ch = inbound(); // limit 4096 stub bytes
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.response(3, RpcPdu.PFC_FIRST_FRAG, new byte[3000])));
            Throwable t = assertThrows(Throwable.class, () ->
                    ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.response(3, 0, new byte[3000]))));
            assertEquals(RpcException.Kind.LIMIT, decoderError(t).kind());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void fragmentWithoutFirstIsMalformed() {
        EmbeddedChannel ch = inbound();
        try {
            Throwable t = assertThrows(Throwable.class, () ->
                    ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.response(3, RpcPdu.PFC_LAST_FRAG, new byte[4]))));
            assertEquals(RpcException.Kind.MALFORMED, decoderError(t).kind());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void hugeFragLengthIsRefusedBeforeBuffering() {
        EmbeddedChannel ch = inbound();
        try {
            byte[] h = EpmWire.hex("05 00 02 03 10000000 ffff 0000 01000000");
            Throwable t = assertThrows(Throwable.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(h)));
            RpcException e = decoderError(t);
            assertEquals("frag_length 65535 exceeds limit 16384", e.getMessage());
            // the rest of the stream is discarded without further errors
            ch.writeInbound(Unpooled.wrappedBuffer(EpmWire.bindAck(1, 0)));
            assertNull(ch.readInbound());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void garbageIsRefused() {
        Random rnd = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] g = new byte[16 + rnd.nextInt(200)];
            rnd.nextBytes(g);
            g[0] = (byte) (g[0] == 5 ? 6 : g[0]);
            EmbeddedChannel ch = inbound();
            try {
                Throwable t = assertThrows(Throwable.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(g)));
                assertEquals(RpcException.Kind.MALFORMED, decoderError(t).kind());
            } finally {
                ch.finishAndReleaseAll();
            }
        }
        EmbeddedChannel http = inbound();
        try {
            Throwable t = assertThrows(Throwable.class, () ->
                    http.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes())));
            assertTrue(decoderError(t).getMessage().startsWith("not a connection-oriented DCE/RPC PDU"));
        } finally {
            http.finishAndReleaseAll();
        }
    }

    @Test
    void truncatedStreamYieldsNothingAndNoError() {
        byte[] ack = EpmWire.bindAck(1, 0);
        for (int n = 0; n < ack.length; n++) {
            EmbeddedChannel ch = inbound();
            try {
                assertFalse(ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(ack, n))));
                assertNull(ch.readInbound());
            } finally {
                ch.finishAndReleaseAll();
            }
        }
    }

    @Test
    void pdusWhoseFragLengthCutsTheBodyAreMalformedAtEveryLength() {
        for (byte[] pdu : List.of(EpmWire.bindAck(1, 0), EpmWire.fault(2, 5), EpmWire.bindNak(1, 1))) {
            for (int n = 16; n < pdu.length; n++) {
                byte[] cut = Arrays.copyOf(pdu, n);
                cut[8] = (byte) n;
                cut[9] = 0;
                try {
                    RpcPdu.Inbound decoded = RpcPduDecoder.decode(cut);
                    // a bind_nak is complete after its reason; a shorter bind_ack/fault must not decode
                    assertInstanceOf(RpcPdu.BindNak.class, decoded, "decoded a PDU cut at " + n);
                    assertTrue(n >= 18);
                } catch (RpcException e) {
                    assertEquals(RpcException.Kind.MALFORMED, e.kind());
                    assertFalse(e.getMessage().contains("\n"));
                }
            }
        }
    }

    @Test
    void authLengthLargerThanThePduIsMalformed() {
        byte[] ack = EpmWire.bindAck(1, 0);
        ack[10] = (byte) 0xff;
        RpcException e = assertThrows(RpcException.class, () -> RpcPduDecoder.decode(ack));
        assertTrue(e.getMessage().contains("auth_length"));
    }
}
