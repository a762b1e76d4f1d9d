package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

class IkePayloadTest {
    static final byte[] SPI = PayloadTesting.hex("0102030405060708");
    private final IkePayload ike = IkePayload.ike(SPI, new byte[256], new byte[32], false);
    private final IkePayload natT = IkePayload.ike(SPI, new byte[256], new byte[32], true);

    @Test
    void saInitHasRfc7296Structure() {
        byte[] q = PayloadTesting.request(ike);
        Wire w = new Wire(q);
        assertArrayEquals(SPI, w.bytes(8));
        assertArrayEquals(new byte[8], w.bytes(8));
        assertEquals(IkePayload.SA, w.u8());
        assertEquals(0x20, w.u8());
        assertEquals(34, w.u8(), "IKE_SA_INIT");
        assertEquals(0x08, w.u8(), "Initiator");
        assertEquals(0, w.u32());
        assertEquals(q.length, w.u32());
        List<Integer> chain = new ArrayList<>();
        int next = IkePayload.SA;
        int transforms = -1;
        while (next != 0) {
            chain.add(next);
            int type = next;
            next = w.u8();
            w.u8();
            Wire p = w.slice(w.u16() - 4);
            if (type == IkePayload.SA) {
                assertEquals(0, p.u8(), "single, last proposal");
                p.u8();
                assertEquals(p.remaining() + 2, p.u16());
                assertEquals(1, p.u8());
                assertEquals(1, p.u8(), "protocol IKE");
                assertEquals(0, p.u8());
                transforms = p.u8();
                int seen = 0;
                int last = 3;
                while (p.hasRemaining()) {
                    last = p.u8();
                    p.u8();
                    p.skip(p.u16() - 4);
                    seen++;
                }
                assertEquals(0, last, "last transform marked");
                assertEquals(transforms, seen);
            } else if (type == IkePayload.KE) {
                assertEquals(14, p.u16());
                p.u16();
                assertEquals(256, p.remaining(), "MODP 2048 public value");
            } else if (type == IkePayload.NONCE) {
                assertEquals(32, p.remaining());
            }
        }
        assertEquals(List.of(33, 34, 40), chain);
        assertEquals(9, transforms);
        assertFalse(w.hasRemaining());
    }

    @Test
    void natTraversalPrefixesTheNonEspMarker() {
        byte[] q = PayloadTesting.request(natT);
        assertArrayEquals(new byte[4], Arrays.copyOf(q, 4));
        assertArrayEquals(PayloadTesting.request(ike), Arrays.copyOfRange(q, 4, q.length));
    }

    static byte[] response(byte[] spi, int version, int exchange, int flags, byte[] payloads, int first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(spi);
        out.writeBytes(PayloadTesting.hex("a1a2a3a4a5a6a7a8"));
        out.write(first);
        out.write(version);
        out.write(exchange);
        out.write(flags);
        Bytes.u32(out, 0);
        Bytes.u32(out, 28 + payloads.length);
        out.writeBytes(payloads);
        return out.toByteArray();
    }

    static byte[] notify(int next, int type, byte[] data) {
        byte[] body = new byte[4 + data.length];
        body[0] = 0;
        body[1] = 0;
        body[2] = (byte) (type >> 8);
        body[3] = (byte) type;
        System.arraycopy(data, 0, body, 4, data.length);
        return IkePayload.payload(next, body);
    }

    @Test
    void invalidKeAndNoProposalAreIke() {
        byte[] invalidKe = response(SPI, 0x20, 34, 0x20, notify(0, 17, new byte[] {0, 2}), 41);
        Evidence e = PayloadTesting.matched(ike, invalidKe);
        assertEquals("IKEv2 responder INVALID_KE_PAYLOAD(group 2)", e.summary());
        assertEquals("a1a2a3a4a5a6a7a8", e.details().get("responderSpi"));
        byte[] noProp = response(SPI, 0x20, 34, 0x20, notify(0, 14, new byte[0]), 41);
        assertEquals("IKEv2 responder NO_PROPOSAL_CHOSEN", PayloadTesting.matched(ike, noProp).summary());
        byte[] accepted = response(SPI, 0x20, 34, 0x20,
                Bytes.concat(IkePayload.payload(43, new byte[8]), IkePayload.payload(0, new byte[16])), 33);
        Evidence a = PayloadTesting.matched(ike, accepted);
        assertEquals("IKEv2 responder accepted our proposal", a.summary());
        assertEquals(1L, a.details().get("vendorIds"));
        byte[] v1 = response(SPI, 0x10, 5, 0, new byte[0], 11);
        assertEquals("IKEv1 (ISAKMP) responder, exchange 5", PayloadTesting.matched(ike, v1).summary());
        byte[] marked = Bytes.concat(new byte[4], invalidKe);
        PayloadTesting.matched(natT, marked);
        PayloadTesting.noMatch(natT, invalidKe); // without the marker it is ESP
        PayloadTesting.survivesHostileInput(ike, invalidKe, false);
        PayloadTesting.survivesHostileInput(natT, marked, false);
    }

    @Test
    void otherSpisRequestsAndBadLengthsDoNotMatch() {
        byte[] other = response(PayloadTesting.hex("0102030405060709"), 0x20, 34, 0x20, notify(0, 14, new byte[0]), 41);
        PayloadTesting.noMatch(ike, other);
        PayloadTesting.noMatch(ike, PayloadTesting.request(ike)); // Response flag clear
        byte[] loop = response(SPI, 0x20, 34, 0x20, PayloadTesting.hex("29000003"), 41); // payload length 3
        PayloadTesting.noMatch(ike, loop);
    }
}
