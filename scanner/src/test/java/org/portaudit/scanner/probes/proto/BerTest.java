package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BerTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void integersRoundTripAtEveryWidth() {
        long[] values = {0, 1, -1, 127, 128, -128, -129, 255, 256, 0x7fffffffL, 0x80000000L, -0x80000000L,
            Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            byte[] enc = Ber.integer(v);
            Wire w = new Wire(enc);
            assertEquals(v, Ber.readInteger(w), "value " + v);
            assertFalse(w.hasRemaining());
        }
        assertArrayEquals(hex("020100"), Ber.integer(0));
        assertArrayEquals(hex("02020080"), Ber.integer(128), "minimal, with a sign octet");
        assertArrayEquals(hex("0201ff"), Ber.integer(-1));
        assertEquals(0xffffffffffffffffL, Ber.intValue(new Wire(hex("00ffffffffffffffff"))), "9 octets, leading zero");
        assertThrows(Malformed.class, () -> Ber.intValue(new Wire(hex("01ffffffffffffffff"))));
        assertThrows(Malformed.class, () -> Ber.intValue(new Wire(new byte[0])));
    }

    @Test
    void lengthsRoundTripInEveryForm() {
        for (int len : new int[] {0, 1, 127, 128, 255, 256, 65535, 65536, 0x1000000}) {
            byte[] enc = Ber.octets(new byte[len]);
            Ber.Tlv t = Ber.read(new Wire(enc));
            assertTrue(t.is(Ber.OCTET_STRING));
            assertEquals(len, t.content().remaining(), "length " + len);
            assertEquals(enc.length, Ber.frameLength(Unpooled.wrappedBuffer(enc), 0, Integer.MAX_VALUE));
        }
        // Windows writes four-octet lengths even for small values
        Ber.Tlv t = Ber.read(new Wire(hex("3084 00000003 020105")));
        assertEquals(5, Ber.readInteger(t.content()));
    }

    @Test
    void constructedValuesAndOidsRoundTrip() {
        byte[] enc = Ber.app(3, Ber.seq(Ber.ctx(0, Ber.generalString("REALM")), Ber.ctx(1, Ber.oid("1.3.6.1.4.1.311")),
                Ber.bool(true), Ber.nul(), Ber.enumerated(10), Ber.bitString(new byte[] {0x40})));
        Ber.Tlv app = Ber.read(new Wire(enc));
        assertTrue(app.isApplication(3) && app.constructed());
        Wire seq = Ber.expect(app.content(), Ber.SEQUENCE).content();
        Ber.Tlv c0 = Ber.read(seq);
        assertTrue(c0.isContext(0));
        assertEquals("REALM", Ber.textOf(Ber.expect(c0.content(), Ber.GENERAL_STRING).content()));
        assertEquals("1.3.6.1.4.1.311", Ber.oidValue(Ber.expect(Ber.read(seq).content(), Ber.OID).content()));
        assertArrayEquals(new byte[] {(byte) 0xff}, Ber.bytesOf(Ber.expect(seq, Ber.BOOLEAN).content()));
        assertEquals(0, Ber.expect(seq, Ber.NULL).content().remaining());
        assertEquals(10, Ber.intValue(Ber.expect(seq, Ber.ENUMERATED).content()));
        assertArrayEquals(new byte[] {0, 0x40}, Ber.bytesOf(Ber.expect(seq, Ber.BIT_STRING).content()));
        assertFalse(seq.hasRemaining());
        assertThrows(Malformed.class, () -> Ber.expect(new Wire(Ber.integer(1)), Ber.OCTET_STRING), "wrong tag");
    }

    @Test
    void truncationAtEveryLengthIsRefused() {
        byte[] enc = Ber.seq(Ber.integer(300), Ber.octets(new byte[200]), Ber.ctx(2, Ber.oid("2.5.4.3")));
        Bounded.everyTruncationRefused(b -> Ber.read(new Wire(b)), enc);
        for (int n = 0; n < enc.length; n++) {
            assertEquals(-1, Ber.frameLength(Unpooled.wrappedBuffer(enc, 0, n), 0, 1 << 20), "frame needs more at " + n);
        }
    }

    @Test
    void lengthsOfTwoToTheThirtyOneAndMoreAreRefusedWithoutAllocating() {
        byte[] huge = hex("3084 80000000 0201 01");
        assertThrows(Malformed.class, () -> Ber.read(new Wire(huge)));
        assertThrows(Malformed.class, () -> Ber.frameLength(Unpooled.wrappedBuffer(huge), 0, 65536));
        assertThrows(Malformed.class, () -> Ber.read(new Wire(hex("3084 7fffffff 00"))), "past the end");
        assertThrows(Malformed.class, () -> Ber.read(new Wire(hex("3085 0000000001 00"))), "five length octets");
        assertThrows(Malformed.class, () -> Ber.frameLength(Unpooled.wrappedBuffer(hex("3085 0000000001")), 0, 65536));
        // the outer SEQUENCE fits; the INTEGER inside claims 100 bytes of its 3
        Ber.Tlv outer = Ber.read(new Wire(hex("3005 0264 010203")));
        assertThrows(Malformed.class, () -> Ber.read(outer.content()), "inner overruns outer");
    }

    @Test
    void indefiniteLengthsAreRefused() {
        assertThrows(Malformed.class, () -> Ber.read(new Wire(hex("3080 020101 0000"))));
        assertThrows(Malformed.class, () -> Ber.frameLength(Unpooled.wrappedBuffer(hex("3080 020101 0000")), 0, 1024));
    }

    @Test
    void longTagNumbersAreBounded() {
        Ber.Tlv t = Ber.read(new Wire(hex("5f 81 00 01 2a")));
        assertEquals(128, t.number());
        assertEquals(Ber.APPLICATION, t.cls());
        assertThrows(Malformed.class, () -> Ber.read(new Wire(hex("5f 81 81 81 81 00 00"))), "five tag octets");
    }

    @Test
    void deepNestingIsWalkedWithoutRecursion() {
        byte[] inner = Ber.integer(7);
        int depth = 0;
        while (inner.length < 1_000_000) {
            inner = Ber.seq(inner);
            depth++;
        }
        assertTrue(depth > 100_000, "depth " + depth);
        // one level at a time: each read only looks at one header, whatever is below
        Wire w = new Wire(inner);
        for (int i = 0; i < depth; i++) {
            w = Ber.expect(w, Ber.SEQUENCE).content();
        }
        assertEquals(7, Ber.readInteger(w));
        assertEquals(inner.length, Ber.frameLength(Unpooled.wrappedBuffer(inner), 0, Integer.MAX_VALUE));
    }

    @Test
    void garbageNeverThrowsAnythingButMalformed() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            Bounded.decodeOrRefuse(b -> {
                Wire w = new Wire(b);
                while (w.hasRemaining()) {
                    Ber.Tlv t = Ber.read(w);
                    if (t.is(Ber.INTEGER)) {
                        Ber.intValue(t.content());
                    } else if (t.is(Ber.OID)) {
                        Ber.oidValue(t.content());
                    }
                }
                return null;
            }, junk);
            Bounded.decodeOrRefuse(b -> Ber.frameLength(Unpooled.wrappedBuffer(b), 0, 4096), junk);
        }
    }
}
