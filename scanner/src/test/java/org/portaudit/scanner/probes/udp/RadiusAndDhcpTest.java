package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

class RadiusAndDhcpTest {
    static final byte[] SECRET = "testing123".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AUTH = PayloadTesting.hex("00112233445566778899aabbccddeeff");
    static final byte[] PASSWORD = PayloadTesting.hex("0f0e0d0c0b0a09080706050403020100");

    /** Attributes of a RADIUS packet by type (last one wins), after checking the length field. */
    static Map<Integer, byte[]> attributes(byte[] packet) {
        Wire w = new Wire(packet);
        w.skip(2);
        assertEquals(packet.length, w.u16());
        w.skip(16);
        Map<Integer, byte[]> m = new LinkedHashMap<>();
        while (w.hasRemaining()) {
            int t = w.u8();
            m.put(t, w.bytes(w.u8() - 2));
        }
        return m;
    }

    @Test
    void accessRequestWithoutSecret() {
        RadiusPayload p = RadiusPayload.access(null, 42, AUTH, PASSWORD);
        byte[] q = PayloadTesting.request(p);
        assertEquals(1, q[0]);
        assertEquals(42, q[1]);
        assertArrayEquals(AUTH, Arrays.copyOfRange(q, 4, 20));
        Map<Integer, byte[]> a = attributes(q);
        assertEquals("portaudit-probe", new String(a.get(1), StandardCharsets.US_ASCII));
        assertEquals(16, a.get(2).length);
        assertEquals("portaudit", new String(a.get(32), StandardCharsets.US_ASCII));
        assertEquals(16, a.get(80).length);
    }

    @Test
    void accessRequestWithSecretHidesPasswordAndSigns() {
        RadiusPayload p = RadiusPayload.access(SECRET, 42, AUTH, PASSWORD);
        byte[] q = PayloadTesting.request(p);
        Map<Integer, byte[]> a = attributes(q);
        byte[] b = RadiusPayload.md5(SECRET, AUTH);
        byte[] clear = new byte[16];
        for (int i = 0; i < 16; i++) {
            clear[i] = (byte) (a.get(2)[i] ^ b[i]);
        }
        assertArrayEquals(PASSWORD, clear, "RFC 2865 5.2 hiding reverses to the password");
        byte[] zeroed = q.clone();
        int ma = q.length - 16; // Message-Authenticator is the last attribute
        Arrays.fill(zeroed, ma, q.length, (byte) 0);
        assertArrayEquals(RadiusPayload.hmacMd5(SECRET, zeroed), a.get(80), "RFC 3579 3.2");
    }

    @Test
    void accountingRequestAuthenticatorWithSecret() {
        RadiusPayload p = RadiusPayload.accounting(SECRET, 7, AUTH, "portaudit-1");
        byte[] q = PayloadTesting.request(p);
        assertEquals(4, q[0]);
        byte[] zeroed = q.clone();
        Arrays.fill(zeroed, 4, 20, (byte) 0);
        assertArrayEquals(RadiusPayload.md5(zeroed, SECRET), Arrays.copyOfRange(q, 4, 20), "RFC 2866 3");
        assertArrayEquals(new byte[] {0, 0, 0, 3}, attributes(q).get(40), "Interim-Update");
    }

    /** A reply with its Response Authenticator computed per RFC 2865 3. */
    static byte[] reply(int code, int id, byte[] requestAuth, byte[] secret, byte[] attrs) {
        byte[] p = RadiusPayload.packet(code, id, requestAuth, attrs);
        byte[] resp = RadiusPayload.md5(p, secret);
        System.arraycopy(resp, 0, p, 4, 16);
        return p;
    }

    @Test
    void accessRejectProvesRadiusAndIsVerifiedWithTheSecret() {
        RadiusPayload signed = RadiusPayload.access(SECRET, 42, AUTH, PASSWORD);
        byte[] reqAuth = Arrays.copyOfRange(PayloadTesting.request(signed), 4, 20);
        byte[] reject = reply(3, 42, reqAuth, SECRET, RadiusPayload.attr(18, "Denied".getBytes(StandardCharsets.US_ASCII)));
        Evidence e = PayloadTesting.matched(signed, reject);
        assertEquals("RADIUS Access-Reject", e.summary());
        assertEquals("Denied", e.details().get("replyMessage"));
        assertEquals("verified with the shared secret", e.details().get("responseAuthenticator"));
        byte[] wrongSecret = reply(3, 42, reqAuth, "other".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertTrue(PayloadTesting.matched(signed, wrongSecret).text("responseAuthenticator").orElseThrow().startsWith("does not verify"));
        RadiusPayload unsigned = RadiusPayload.access(null, 42, AUTH, PASSWORD);
        assertEquals("not verified: no shared secret given",
                PayloadTesting.matched(unsigned, reject).details().get("responseAuthenticator"));
        PayloadTesting.noMatch(unsigned, reply(3, 43, AUTH, SECRET, new byte[0]));
        PayloadTesting.noMatch(unsigned, reply(5, 42, AUTH, SECRET, new byte[0])); // accounting code
        PayloadTesting.noMatch(unsigned, PayloadTesting.request(unsigned));
        PayloadTesting.survivesHostileInput(signed, reject, false);
        RadiusPayload acct = RadiusPayload.accounting(null, 7, AUTH, "s");
        assertEquals("RADIUS Accounting-Response", PayloadTesting.matched(acct, reply(5, 7, AUTH, SECRET, new byte[0])).summary());
        PayloadTesting.noMatch(acct, reply(2, 7, AUTH, SECRET, new byte[0]));
    }

    // ---- DHCP ----------------------------------------------------------------------------------

    private final DhcpInformPayload dhcp = new DhcpInformPayload(0xdeadbeefL, PayloadTesting.hex("0123456789ab"));

    @Test
    void informRequestPerRfc2131() {
        byte[] q = PayloadTesting.request(dhcp);
        Wire w = new Wire(q);
        assertEquals(1, w.u8());
        assertEquals(1, w.u8());
        assertEquals(6, w.u8());
        w.u8();
        assertEquals(0xdeadbeefL, w.u32());
        w.skip(4 + 16);
        byte[] chaddr = w.bytes(16);
        assertEquals(0x02, chaddr[0] & 0x03, "locally administered unicast MAC");
        w.skip(192);
        assertEquals(DhcpInformPayload.MAGIC, w.u32());
        assertArrayEquals(new byte[] {53, 1, 8}, w.bytes(3), "DHCPINFORM");
    }

    static byte[] ack(long xid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        out.write(1);
        out.write(6);
        out.write(0);
        Bytes.u32(out, xid);
        out.writeBytes(new byte[8 + 16 + 16 + 192]);
        Bytes.u32(out, DhcpInformPayload.MAGIC);
        out.writeBytes(new byte[] {53, 1, 5, 54, 4, (byte) 198, 18, 0, 10, 15, 3, 'l', 'a', 'b', 3, 4, 10, 0, 0, 1});
        out.write(255);
        return out.toByteArray();
    }

    @Test
    void ackFromAServer() {
        Evidence e = PayloadTesting.matched(dhcp, ack(0xdeadbeefL));
        assertEquals("DHCPACK from DHCP server 198.18.0.10", e.summary());
        assertEquals("lab", e.details().get("domainName"));
        PayloadTesting.noMatch(dhcp, ack(0xdeadbeeeL));
        PayloadTesting.noMatch(dhcp, PayloadTesting.request(dhcp));
        // options after the message type are optional: cuts inside them may still match
        PayloadTesting.survivesHostileInput(dhcp, ack(0xdeadbeefL), len -> len >= 243);
    }
}
