package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/** TFTP, L2TP, SSDP and the simple services: requests per their RFCs, spec-built replies, hostile input. */
class SmallProtocolsTest {
    // ---- TFTP (RFC 1350) ----------------------------------------------------------------------

    private final TftpPayload tftp = new TftpPayload("portaudit-probe-00");

    @Test
    void tftpReadRequest() {
        assertArrayEquals("\0\1portaudit-probe-00\0octet\0".getBytes(StandardCharsets.US_ASCII),
                PayloadTesting.request(tftp));
    }

    @Test
    void tftpErrorAndData() {
        byte[] err = "\0\5\0\1File not found\0".getBytes(StandardCharsets.US_ASCII);
        Evidence e = PayloadTesting.matched(tftp, err);
        assertEquals("TFTP ERROR 1 (file not found): File not found", e.summary());
        byte[] data = PayloadTesting.hex("0003 0001 6869");
        assertEquals(2L, PayloadTesting.matched(tftp, data).details().get("bytes"));
        PayloadTesting.noMatch(tftp, PayloadTesting.hex("0003 0002 6869")); // not block 1
        PayloadTesting.noMatch(tftp, "\0\5\0\11x\0".getBytes(StandardCharsets.US_ASCII)); // error code 9
        PayloadTesting.noMatch(tftp, PayloadTesting.request(tftp));
        PayloadTesting.survivesHostileInput(tftp, err, false);
    }

    // ---- L2TP (RFC 2661) ----------------------------------------------------------------------

    private final L2tpPayload l2tp = new L2tpPayload(0x4d2);

    @Test
    void l2tpSccrqHasTheMandatoryAvps() {
        byte[] q = PayloadTesting.request(l2tp);
        Wire w = new Wire(q);
        assertEquals(0xc802, w.u16());
        assertEquals(q.length, w.u16());
        assertEquals(0, w.u32(), "tunnel and session 0");
        assertEquals(0, w.u32(), "Ns, Nr 0");
        int[] types = new int[5];
        for (int i = 0; i < 5; i++) {
            int fl = w.u16();
            assertTrue((fl & 0x8000) != 0, "mandatory");
            assertEquals(0, w.u16());
            types[i] = w.u16();
            Wire v = w.slice((fl & 0x3ff) - 6);
            if (types[i] == 0) {
                assertEquals(1, v.u16(), "SCCRQ");
            } else if (types[i] == 9) {
                assertEquals(0x4d2, v.u16());
            }
        }
        assertArrayEquals(new int[] {0, 2, 3, 7, 9}, types);
        assertFalse(w.hasRemaining());
    }

    static byte[] l2tpReply(int tunnel, byte[] avps) {
        int len = 12 + avps.length;
        byte[] hdr = {(byte) 0xc8, 2, (byte) (len >> 8), (byte) len, (byte) (tunnel >> 8), (byte) tunnel, 0, 0, 0, 0, 0, 1};
        return Bytes.concat(hdr, avps);
    }

    @Test
    void l2tpSccrpStopCcnAndZlb() {
        byte[] sccrp = l2tpReply(0x4d2, Bytes.concat(L2tpPayload.avp(0, new byte[] {0, 2}),
                L2tpPayload.avp(7, "lns1".getBytes(StandardCharsets.US_ASCII)),
                L2tpPayload.avp(9, new byte[] {0, 7})));
        Evidence e = PayloadTesting.matched(l2tp, sccrp);
        assertEquals("L2TP SCCRP from lns1", e.summary());
        assertEquals(7L, e.details().get("assignedTunnelId"));
        byte[] stop = l2tpReply(0x4d2, Bytes.concat(L2tpPayload.avp(0, new byte[] {0, 4}),
                L2tpPayload.avp(1, new byte[] {0, 2, 0, 0, 'n', 'o'})));
        assertEquals(2L, PayloadTesting.matched(l2tp, stop).details().get("resultCode"));
        assertEquals("L2TP ZLB acknowledgement", PayloadTesting.matched(l2tp, l2tpReply(0x4d2, new byte[0])).summary());
        PayloadTesting.noMatch(l2tp, l2tpReply(0x4d3, new byte[0]));
        PayloadTesting.noMatch(l2tp, PayloadTesting.request(l2tp));
        // ZLB is 12 octets: a cut sccrp at exactly 12 octets lies about its length, so nothing matches
        PayloadTesting.survivesHostileInput(l2tp, sccrp, false);
    }

    // ---- SSDP -----------------------------------------------------------------------------------

    private final SsdpPayload ssdp = new SsdpPayload();

    @Test
    void ssdpSearchAndReply() {
        String q = new String(PayloadTesting.request(ssdp), StandardCharsets.US_ASCII);
        assertTrue(q.startsWith("M-SEARCH * HTTP/1.1\r\n"));
        assertTrue(q.contains("\r\nMAN: \"ssdp:discover\"\r\n"));
        assertTrue(q.endsWith("\r\n\r\n"));
        byte[] reply = ("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\n"
                + "USN: uuid:1234::upnp:rootdevice\r\nSERVER: Microsoft-Windows/10.0 UPnP/1.0 UPnP-Device-Host/1.0\r\n"
                + "LOCATION: http://198.18.0.10:2869/upnphost/udhisapi.dll?content=uuid:1234\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Evidence e = PayloadTesting.matched(ssdp, reply);
        assertEquals("SSDP Microsoft-Windows/10.0 UPnP/1.0 UPnP-Device-Host/1.0", e.summary());
        assertEquals("upnp:rootdevice", e.details().get("st"));
        PayloadTesting.noMatch(ssdp, "HTTP/1.1 404 Not Found\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        PayloadTesting.noMatch(ssdp, PayloadTesting.request(ssdp));
        PayloadTesting.survivesHostileInput(ssdp, reply, true); // headers are optional: a cut reply is still SSDP
    }

    // ---- simple services ----------------------------------------------------------------------

    @Test
    void echoMustReturnOurToken() {
        SimpleServicePayload echo = SimpleServicePayload.echo("portaudit echo 00\r\n");
        byte[] q = PayloadTesting.request(echo);
        assertTrue(PayloadTesting.matched(echo, q).summary().startsWith("echo:"));
        Evidence other = PayloadTesting.match(echo, "something else".getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertFalse(other.matched());
        PayloadTesting.survivesHostileInputNoThrow(echo, q);
    }

    @Test
    void daytimeQotdChargen() {
        SimpleServicePayload daytime = SimpleServicePayload.daytime();
        Evidence d = PayloadTesting.matched(daytime, "Sunday, November 22, 2026 03:04:05\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("daytime: Sunday, November 22, 2026 03:04:05", d.summary());
        Evidence echoed = PayloadTesting.match(daytime, PayloadTesting.request(daytime)).orElseThrow();
        assertFalse(echoed.matched(), "an echo service on the daytime port is the wrong service");
        PayloadTesting.noMatch(daytime, PayloadTesting.hex("00ff10"));
        SimpleServicePayload qotd = SimpleServicePayload.qotd();
        assertTrue(PayloadTesting.matched(qotd, "\"Quote\" Author\r\n".getBytes(StandardCharsets.US_ASCII)).summary().startsWith("qotd:"));
        SimpleServicePayload chargen = SimpleServicePayload.chargen();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 72; i++) {
            line.append((char) ('!' + i));
        }
        byte[] reply = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals("chargen: 74 characters", PayloadTesting.matched(chargen, reply).summary());
        byte[] highBit = Arrays.copyOf(reply, reply.length);
        highBit[3] = (byte) 0xe9;
        PayloadTesting.noMatch(chargen, highBit);
        PayloadTesting.noMatch(chargen, new byte[2000]);
        PayloadTesting.survivesHostileInputNoThrow(daytime, "Sun Nov 22 03:04:05 2026\n".getBytes(StandardCharsets.US_ASCII));
        PayloadTesting.survivesHostileInputNoThrow(chargen, reply);
    }
}
