package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

/** QUIC version negotiation on 443/udp (RFC 9000 6 and 17.2.1, RFC 8999 6), from replies built by the RFCs. */
class QuicPayloadTest {
    private static final byte[] DCID = PayloadTesting.hex("0102030405060708");
    private static final byte[] SCID = PayloadTesting.hex("a1a2a3a4a5a6a7a8");
    private final QuicPayload quic = QuicPayload.of(DCID, SCID);

    /** A Version Negotiation packet: its DCID is our SCID, its SCID our DCID, then the versions. */
    static byte[] versionNegotiation(byte[] toUs, byte[] fromThem, long... versions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | 0x3f); // long header bit set; the other bits are unused (RFC 9000 17.2.1)
        out.writeBytes(new byte[4]); // version 0
        out.write(toUs.length);
        out.writeBytes(toUs);
        out.write(fromThem.length);
        out.writeBytes(fromThem);
        for (long v : versions) {
            out.writeBytes(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        }
        return out.toByteArray();
    }

    @Test
    void theRequestIsAReservedVersionLongHeaderOf1200Bytes() {
        byte[] r = PayloadTesting.request(quic);
        assertEquals(1200, r.length, "a server answers only datagrams of at least 1200 bytes (RFC 9000 14.1)");
        assertEquals(0xc0, r[0] & 0xff);
        assertEquals("1a2a3a4a", String.format("%02x%02x%02x%02x", r[1], r[2], r[3], r[4]));
        assertEquals(8, r[5]);
        assertEquals(8, r[14]);
        assertEquals(0, r[1199]);
    }

    @Test
    void aVersionNegotiationWithOurIdsNamesTheVersions() {
        Evidence e = PayloadTesting.matched(quic, versionNegotiation(SCID, DCID, 0x00000001L, 0x6b3343cfL, 0xff00001dL));
        assertEquals("QUIC version negotiation: the server speaks QUIC v1, QUIC v2, draft-29", e.summary());
        assertEquals(List.of("QUIC v1", "QUIC v2", "draft-29"), e.details().get("quicVersions"));
    }

    @Test
    void anythingElseIsNotQuic() {
        PayloadTesting.noMatch(quic, versionNegotiation(DCID, SCID, 1)); // IDs not swapped: not an answer to us
        PayloadTesting.noMatch(quic, versionNegotiation(SCID, PayloadTesting.hex("0000000000000000"), 1));
        PayloadTesting.noMatch(quic, versionNegotiation(SCID, DCID)); // no version listed
        byte[] odd = java.util.Arrays.copyOf(versionNegotiation(SCID, DCID, 1), 23 + 6);
        PayloadTesting.noMatch(quic, odd); // a version cut short
        byte[] shortHeader = versionNegotiation(SCID, DCID, 1);
        shortHeader[0] = 0x40;
        PayloadTesting.noMatch(quic, shortHeader);
        byte[] notVn = versionNegotiation(SCID, DCID, 1);
        notVn[4] = 1; // version 1: a real Initial or Retry, not version negotiation
        PayloadTesting.noMatch(quic, notVn);
        PayloadTesting.noMatch(quic, PayloadTesting.request(quic)); // our own datagram reflected
        // cut at every length: only cuts at a whole version are complete replies
        PayloadTesting.survivesHostileInput(quic, versionNegotiation(SCID, DCID, 1, 0x6b3343cfL),
                len -> len >= 27 && (len - 23) % 4 == 0);
    }

    @Test
    void port443UdpAsksForQuic() {
        UdpPayloads p = UdpPayloads.create(UdpPayloads.Options.defaults(), new java.util.SplittableRandom(7));
        assertEquals("quic-version-negotiation", p.payloadsFor(443).get(0).name());
        assertTrue(p.noProbeReason(3343).orElseThrow().contains("cluster"));
        assertTrue(p.noProbeReason(3391).orElseThrow().contains("RD Gateway"));
        assertTrue(p.noProbeReason(4011).orElseThrow().contains("PXE"));
    }
}
