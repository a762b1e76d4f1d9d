package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.DnsName;
import org.portaudit.scanner.probes.proto.Dns;

class DnsPayloadTest {
    private final DnsPayload dns = new DnsPayload(0x1234);

    @Test
    void requestIsANonRecursiveRootSoaQuery() {
        byte[] q = PayloadTesting.request(dns);
        Wire w = new Wire(q);
        assertEquals(0x1234, w.u16());
        assertEquals(0x0000, w.u16(), "QR=0, opcode QUERY, RD=0");
        assertEquals(1, w.u16());
        assertEquals(0, w.u16());
        assertEquals(0, w.u16());
        assertEquals(0, w.u16());
        assertEquals(".", DnsName.read(w));
        assertEquals(DnsPayload.TYPE_SOA, w.u16());
        assertEquals(DnsPayload.CLASS_IN, w.u16());
        assertFalse(w.hasRemaining());
        assertEquals(17, q.length);
    }

    @Test
    void randomIdsDiffer() {
        SplittableRandom r = new SplittableRandom(1);
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(new DnsPayload(null, r).id());
        }
        assertTrue(ids.size() > 15, "transaction IDs must be random: " + ids);
    }

    /** A root SOA answer built per RFC 1035 4.1, with compression pointers to the question name. */
    static byte[] soaReply(int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] query = Dns.query(id, ".", DnsPayload.TYPE_SOA);
        out.write(query, 0, query.length);
        byte[] b = out.toByteArray();
        b[2] = (byte) 0x84; // QR, AA
        b[3] = 0x00;
        b[7] = 1; // ANCOUNT
        out.reset();
        out.write(b, 0, b.length);
        byte[] rr = PayloadTesting.hex(
                "00 0006 0001 00000e10" // owner ".", SOA, IN, TTL
                        + " 0024" // rdlength 36
                        + " 02 6e73 03 6c6162 00" // mname ns.lab. (8 bytes)
                        + " 05 61646d696e c0 1f" // rname admin. + pointer to "lab" inside mname (offset 31)
                        + " 00000001 00000e10 00000258 00093a80 00000e10");
        out.write(rr, 0, rr.length);
        return out.toByteArray();
    }

    @Test
    void matchesAnAuthoritativeSoaAnswer() {
        byte[] reply = soaReply(0x1234);
        Evidence e = PayloadTesting.matched(dns, reply);
        assertEquals("NOERROR", e.details().get("rcodeName"));
        assertEquals(true, e.details().get("authoritative"));
        assertEquals(". SOA ns.lab", e.details().get("soa"));
        assertTrue(e.summary().contains("NOERROR"), e.summary());
    }

    @Test
    void reportsRcodeOfARefusal() {
        byte[] reply = Dns.query(0x1234, ".", DnsPayload.TYPE_SOA);
        reply[2] = (byte) 0x80;
        reply[3] = 0x05;
        Evidence e = PayloadTesting.matched(dns, reply);
        assertEquals("REFUSED", e.details().get("rcodeName"));
        assertEquals(5L, e.details().get("rcode"));
        assertEquals("DNS response REFUSED", e.summary());
    }

    @Test
    void ignoresWrongIdAndEchoedQuery() {
        PayloadTesting.noMatch(dns, soaReply(0x1235));
        PayloadTesting.noMatch(dns, PayloadTesting.request(dns)); // QR=0: our own query reflected
    }

    @Test
    void pointerLoopsAndGarbageDoNotThrow() {
        byte[] loop = PayloadTesting.hex("1234 8180 0001 0001 0000 0000 c00c 0006 0001"
                + " c00c 0006 0001 00000000 0004 c018 c018");
        Evidence e = PayloadTesting.matched(dns, loop);
        assertEquals("records after the header could not be parsed", e.details().get("note"));
        PayloadTesting.survivesHostileInput(dns, soaReply(0x1234), true);
    }

    @Test
    void realRepliesFromTheSambaDc() {
        // captured from the lab's Samba AD DC (see the header of each resource file)
        byte[] zone = PayloadTesting.hexResource("dc-dns-53.hex");
        DnsPayload asked = new DnsPayload("lab.portaudit.test", 0x1235);
        Evidence e = PayloadTesting.matched(asked, zone);
        assertEquals("DNS response NOERROR, lab.portaudit.test SOA DC01.lab.portaudit.test (authoritative)",
                e.summary());
        PayloadTesting.noMatch(dns, zone); // different ID
        PayloadTesting.survivesHostileInput(asked, zone, true);
        // Samba answers the root SOA question with FORMERR: still a DNS server
        Evidence root = PayloadTesting.matched(new DnsPayload(0x1234), PayloadTesting.hexResource("dc-dns-53-root.hex"));
        assertEquals("FORMERR", root.details().get("rcodeName"));
        assertEquals(1L, root.details().get("rcode"));
    }

    @Test
    void zoneQueryAsksForTheDomainSoa() {
        Wire w = new Wire(PayloadTesting.request(new DnsPayload("lab.portaudit.test", 1)));
        w.skip(12);
        assertEquals("lab.portaudit.test", DnsName.read(w));
        assertEquals(DnsPayload.TYPE_SOA, w.u16());
    }
}
