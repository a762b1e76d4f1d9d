package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

class NtpPayloadTest {
    private static final long NONCE = 0x0123456789abcdefL;
    private final NtpPayload ntp = new NtpPayload(NONCE);

    /** A mode 4 reply per RFC 5905 7.3. */
    static byte[] reply(int firstOctet, int stratum, byte[] refid, long origin, long transmit) {
        byte[] b = new byte[48];
        b[0] = (byte) firstOctet;
        b[1] = (byte) stratum;
        b[2] = 6;
        b[3] = (byte) 0xe9;
        System.arraycopy(refid, 0, b, 12, 4);
        for (int i = 0; i < 8; i++) {
            b[24 + i] = (byte) (origin >>> (56 - 8 * i));
            b[40 + i] = (byte) (transmit >>> (56 - 8 * i));
        }
        return b;
    }

    @Test
    void requestIsA48OctetVersion4ClientPacketCarryingTheNonce() {
        byte[] q = PayloadTesting.request(ntp);
        assertEquals(48, q.length);
        assertEquals(0x23, q[0] & 0xff, "LI 0, VN 4, mode 3");
        Wire w = new Wire(q);
        w.skip(40);
        assertEquals(NONCE, w.u64());
        for (int i = 1; i < 40; i++) {
            assertEquals(0, q[i], "octet " + i);
        }
    }

    @Test
    void serverReplyReportsStratumRefidAndTime() {
        long t = (NtpPayload.NTP_UNIX_OFFSET + 1_795_000_000L) << 32 | 0x80000000L;
        Evidence e = PayloadTesting.matched(ntp, reply(0x24, 2, new byte[] {(byte) 198, 18, 0, 1}, NONCE, t));
        assertEquals("NTP server, stratum 2, refid 198.18.0.1", e.summary());
        assertEquals(Instant.ofEpochSecond(1_795_000_000L, 500_000_000).toString(), e.details().get("serverTime"));
        Evidence local = PayloadTesting.matched(ntp, reply(0x1c, 1, "LOCL".getBytes(), NONCE, t));
        assertEquals("NTP server, stratum 1, refid LOCL", local.summary());
        assertEquals(3L, local.details().get("version"));
    }

    @Test
    void kissOfDeathAndUnsynchronisedAreStillNtp() {
        Evidence kod = PayloadTesting.matched(ntp, reply(0xe4, 0, "RATE".getBytes(), NONCE, 0));
        assertEquals("NTP kiss-o'-death RATE", kod.summary());
        Evidence unsync = PayloadTesting.matched(ntp, reply(0xe4, 16, new byte[4], NONCE, 0));
        assertTrue(unsync.summary().endsWith("(unsynchronised)"), unsync.summary());
    }

    @Test
    void otherOriginsModesAndHostileInputDoNotMatch() {
        PayloadTesting.noMatch(ntp, reply(0x24, 2, new byte[4], NONCE + 1, 0));
        PayloadTesting.noMatch(ntp, reply(0x23, 2, new byte[4], NONCE, 0)); // a client packet
        PayloadTesting.noMatch(ntp, reply(0x04, 2, new byte[4], NONCE, 0)); // version 0
        PayloadTesting.noMatch(ntp, PayloadTesting.request(ntp));
        PayloadTesting.survivesHostileInput(ntp, reply(0x24, 2, new byte[4], NONCE, 1L << 63), false);
    }

    @Test
    void era1TimestampsAreAfter2036() {
        assertEquals(Instant.parse("2036-02-07T06:28:16Z"), NtpPayload.toInstant(1L));
        assertEquals(Instant.parse("1970-01-01T00:00:00Z"), NtpPayload.toInstant(NtpPayload.NTP_UNIX_OFFSET << 32));
    }
}
