package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DnsTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void nettyBuildsTheQueryRfc1035Describes() {
        assertArrayEquals(hex("5041 0000 0001 0000 0000 0000 00 0002 0001"), Dns.query(0x5041, ".", Dns.TYPE_NS));
        assertArrayEquals(hex("1234 0000 0001 0000 0000 0000 036c6162 04746573 74 00 0006 0001"),
                Dns.query(0x1234, "lab.test", Dns.TYPE_SOA));
        assertThrows(IllegalArgumentException.class, () -> Dns.query(1, "a..b", Dns.TYPE_SOA));
        assertThrows(IllegalArgumentException.class, () -> Dns.query(1, "x".repeat(64) + ".test", Dns.TYPE_SOA));
    }

    @Test
    void decodesHeaderFlagsAndTheSoa() {
        byte[] msg = hex("1234 8580 0001 0001 0000 0000"
                + "036c6162 04746573 74 00 0006 0001"
                + "c00c 0006 0001 00000e10 001e"
                + "026e73c00c 02686dc00c 00000001 00000002 00000003 00000004 00000005");
        Dns.Response r = Dns.decode(msg, 16);
        assertEquals(0x1234, r.header().id());
        assertTrue(r.header().isResponse());
        assertTrue(r.header().authoritative());
        assertTrue(r.header().recursionAvailable());
        assertEquals(0, r.header().rcode());
        assertEquals("lab.test SOA ns.lab.test", r.soa());
        assertTrue(r.recordsParsed());
        assertEquals(0, Dns.details(r).get("rcode"));
        assertEquals("NOERROR", Dns.details(r).get("rcodeName"));
        Bounded.everyTruncationRefused(b -> {
            Dns.Response cut = Dns.decode(b, 16);
            if (!cut.recordsParsed() || cut.soa() == null) {
                throw new Malformed("cut");
            }
            return cut;
        }, msg);
    }

    @Test
    void rcodesHaveOneSpelling() {
        assertEquals("REFUSED", Dns.rcodeName(5));
        assertEquals("NOTZONE", Dns.rcodeName(10));
        assertEquals("RCODE 11", Dns.rcodeName(11));
        assertEquals("RCODE 15", Dns.rcodeName(15));
    }

    @Test
    void headerShorterThanTwelveBytesIsMalformedAndRecordsThatBreakAreANote() {
        assertThrows(Malformed.class, () -> Dns.decode(new byte[11], 16));
        // claims an answer that is not there
        Dns.Response r = Dns.decode(hex("0001 8000 0000 0001 0000 0000 c0"), 16);
        assertFalse(r.recordsParsed());
        assertNull(r.soa());
        assertEquals("records after the header could not be parsed", Dns.details(r).get("note"));
    }

    @Test
    void pointerLoopsAndPointerChainsAreBoundedBeforeNettySeesThem() {
        // a question name that points at itself
        assertFalse(Dns.decode(hex("0001 8000 0001 0000 0000 0000 c00c 0006 0001"), 16).recordsParsed());
        // a name that is a chain of 4000 pointers (all within the 14-bit reach of a pointer), each
        // after a 1-octet label: Netty alone would expand it to 8000 octets; the bounded check stops at 255
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hex("0001 8000 0001 0000 0000 0000"));
        int first = 12;
        int labels = 4000;
        for (int i = 0; i < labels; i++) {
            int next = first + 4 * (i + 1);
            out.write(1);
            out.write('a');
            out.write(i == labels - 1 ? 0 : 0xc0 | next >> 8 & 0x3f);
            out.write(i == labels - 1 ? 0 : next & 0xff);
        }
        byte[] msg = out.toByteArray();
        assertTrue(msg.length < 16384, "every pointer target is addressable: " + msg.length);
        // the reason for the guard: Netty's own name decoder accepts the chain whole
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(msg);
        buf.readerIndex(12);
        assertTrue(io.netty.handler.codec.dns.DefaultDnsRecordDecoder.decodeName(buf).length() > 7000);
        Dns.Response r = Bounded.decodeOrRefuse(b -> Dns.decode(b, 16), msg);
        assertFalse(r.recordsParsed(), "a name of more than 255 octets is refused");
    }

    @Test
    void garbageNeverThrowsAnythingButMalformed() {
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[12 + rnd.nextInt(200)];
            rnd.nextBytes(junk);
            junk[5] = 1; // one question, so that the record decoder is exercised
            Bounded.decodeOrRefuse(b -> Dns.decode(b, 16), junk);
        }
    }
}
