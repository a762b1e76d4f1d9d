package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.DnsName;
import org.portaudit.scanner.probes.proto.Netbios;

class NetbiosNodeStatusPayloadTest {
    private final NetbiosNodeStatusPayload nbstat = new NetbiosNodeStatusPayload(0xbeef);

    @Test
    void requestIsAnNbstatQueryForTheWildcardName() {
        byte[] q = PayloadTesting.request(nbstat);
        Wire w = new Wire(q);
        assertEquals(0xbeef, w.u16());
        assertEquals(0, w.u16(), "QUERY, not broadcast");
        assertEquals(1, w.u16());
        w.skip(6);
        assertEquals("CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", DnsName.read(w), "RFC 1001 14.1 encoding of '*'");
        assertEquals(0x21, w.u16());
        assertEquals(1, w.u16());
        assertFalse(w.hasRemaining());
        assertEquals(50, q.length);
    }

    static byte[] entry(String name, int suffix, int flags) {
        byte[] e = new byte[18];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(e, 0, 15, (byte) ' ');
        System.arraycopy(n, 0, e, 0, n.length);
        e[15] = (byte) suffix;
        e[16] = (byte) (flags >> 8);
        e[17] = (byte) flags;
        return e;
    }

    /** NODE STATUS RESPONSE (RFC 1002 4.2.18) of a domain controller DC1 in domain LAB. */
    static byte[] dcReply(int id) {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        byte[][] names = {
            entry("DC1", 0x00, 0x0400), entry("DC1", 0x20, 0x0400), entry("LAB", 0x00, 0x8400),
            entry("LAB", 0x1c, 0x8400), entry("LAB", 0x1b, 0x0400)};
        rdata.write(names.length);
        for (byte[] n : names) {
            rdata.write(n, 0, n.length);
        }
        byte[] stats = new byte[46];
        byte[] mac = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a};
        System.arraycopy(mac, 0, stats, 0, 6);
        rdata.write(stats, 0, stats.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] hdr = {(byte) (id >> 8), (byte) id, (byte) 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        out.write(hdr, 0, hdr.length);
        byte[] wildcard = new byte[16];
        wildcard[0] = '*';
        byte[] nm = Netbios.encodeName(wildcard);
        out.write(nm, 0, nm.length);
        byte[] rr = {0, 0x21, 0, 1, 0, 0, 0, 0, (byte) (rdata.size() >> 8), (byte) rdata.size()};
        out.write(rr, 0, rr.length);
        byte[] rd = rdata.toByteArray();
        out.write(rd, 0, rd.length);
        return out.toByteArray();
    }

    @Test
    void nameTableOfADomainController() {
        Evidence e = PayloadTesting.matched(nbstat, dcReply(0xbeef));
        assertEquals("NetBIOS node status: 5 names, computer DC1, domain LAB (domain controller)", e.summary());
        assertEquals("DC1<00> UNIQUE, DC1<20> UNIQUE, LAB<00> GROUP, LAB<1C> GROUP, LAB<1B> UNIQUE",
                e.text("names").orElseThrow());
        assertEquals("02:00:5e:10:00:0a", e.details().get("unitId"));
    }

    @Test
    void negativeResponseIsStillNbns() {
        byte[] neg = PayloadTesting.hex("beef 8403 0000 0000 0000 0000");
        assertTrue(PayloadTesting.matched(nbstat, neg).summary().contains("rcode 3"));
    }

    @Test
    void wrongIdControlCharactersAndHostileInput() {
        PayloadTesting.noMatch(nbstat, dcReply(0xbeee));
        PayloadTesting.noMatch(nbstat, PayloadTesting.request(nbstat));
        byte[] evil = dcReply(0xbeef);
        int firstName = 12 + 34 + 10 + 1;
        evil[firstName] = 0x1b; // ESC
        Evidence e = PayloadTesting.matched(nbstat, evil);
        assertFalse(e.text("names").orElseThrow().contains("\u001b"));
        PayloadTesting.survivesHostileInput(nbstat, dcReply(0xbeef), false);
    }

    @Test
    void realReplyFromTheSambaDc() {
        byte[] reply = PayloadTesting.hexResource("dc-netbios-137.hex");
        Evidence e = PayloadTesting.matched(nbstat, reply);
        assertEquals("NetBIOS node status: 8 names, computer DC01, domain LAB (domain controller)", e.summary());
        assertEquals("DC01<00> UNIQUE, DC01<03> UNIQUE, DC01<20> UNIQUE, LAB<1B> UNIQUE, LAB<1C> GROUP, "
                + "LAB<00> GROUP, __SAMBA__<00> GROUP, __SAMBA__<20> GROUP", e.text("names").orElseThrow());
        PayloadTesting.noMatch(new NetbiosNodeStatusPayload(0xbeee), reply);
        PayloadTesting.survivesHostileInput(nbstat, reply, false);
    }
}
