package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Kerberos;

class KerberosPayloadsTest {
    private final KerberosAsReqPayload asReq =
            new KerberosAsReqPayload("lab.portaudit.test", "portaudit-probe-0a0b0c0d0e0f", 0x01020304L);

    /** KRB-ERROR (RFC 4120 5.9.1) as a KDC sends it for an unknown client. */
    static byte[] krbError(long code, String realm, byte[] edata) {
        return krbError(5, 30, code, realm, edata);
    }

    static byte[] krbError(int pvno, int msgType, long code, String realm, byte[] edata) {
        List<byte[]> f = new ArrayList<>();
        f.add(Ber.ctx(0, Ber.integer(pvno)));
        f.add(Ber.ctx(1, Ber.integer(msgType)));
        f.add(Ber.ctx(4, Ber.tlv(Ber.GENERALIZED_TIME, "20261122030000Z".getBytes(StandardCharsets.US_ASCII))));
        f.add(Ber.ctx(5, Ber.integer(123456)));
        f.add(Ber.ctx(6, Ber.integer(code)));
        f.add(Ber.ctx(9, Ber.generalString(realm)));
        f.add(Ber.ctx(10, Kerberos.principal(2, "krbtgt", realm)));
        if (edata != null) {
            f.add(Ber.ctx(12, Ber.octets(edata)));
        }
        return Ber.app(30, Ber.seq(f.toArray(new byte[0][])));
    }

    @Test
    void asReqDecodesToTheRfc4120Fields() {
        Wire w = new Wire(PayloadTesting.request(asReq));
        Ber.Tlv app = Ber.read(w);
        assertFalse(w.hasRemaining());
        assertTrue(app.isApplication(10) && app.constructed());
        Wire seq = Ber.expect(app.content(), Ber.SEQUENCE).content();
        Ber.Tlv pvno = Ber.read(seq);
        assertTrue(pvno.isContext(1));
        assertEquals(5, Ber.readInteger(pvno.content()));
        Ber.Tlv type = Ber.read(seq);
        assertTrue(type.isContext(2));
        assertEquals(10, Ber.readInteger(type.content()));
        Ber.Tlv bodyTag = Ber.read(seq);
        assertTrue(bodyTag.isContext(4), "no padata: no pre-authentication");
        assertFalse(seq.hasRemaining());
        Wire body = Ber.expect(bodyTag.content(), Ber.SEQUENCE).content();
        List<Integer> tags = new ArrayList<>();
        String cname = null;
        String realm = null;
        String sname = null;
        long nonce = -1;
        List<Long> etypes = new ArrayList<>();
        while (body.hasRemaining()) {
            Ber.Tlv t = Ber.read(body);
            tags.add(t.number());
            switch (t.number()) {
                case 1 -> cname = Kerberos.readPrincipal(t.content());
                case 2 -> realm = Ber.textOf(Ber.expect(t.content(), Ber.GENERAL_STRING).content());
                case 3 -> sname = Kerberos.readPrincipal(t.content());
                case 7 -> nonce = Ber.readInteger(t.content());
                case 8 -> {
                    Wire s = Ber.expect(t.content(), Ber.SEQUENCE).content();
                    while (s.hasRemaining()) {
                        etypes.add(Ber.readInteger(s));
                    }
                }
                default -> {
                }
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 5, 7, 8), tags, "KDC-REQ-BODY fields in ascending tag order");
        assertEquals("portaudit-probe-0a0b0c0d0e0f", cname);
        assertEquals("LAB.PORTAUDIT.TEST", realm);
        assertEquals("krbtgt/LAB.PORTAUDIT.TEST", sname);
        assertEquals(0x01020304L, nonce);
        assertEquals(List.of(18L, 17L, 23L), etypes);
    }

    @Test
    void realmDefaultsAndIsValidated() {
        SplittableRandom r = new SplittableRandom(7);
        assertEquals(KerberosAsReqPayload.DEFAULT_REALM, new KerberosAsReqPayload(null, r).realm());
        assertTrue(new KerberosAsReqPayload(null, r).user().matches("portaudit-probe-[0-9a-f]{12}"));
        assertThrows(IllegalArgumentException.class, () -> new KerberosAsReqPayload("bad realm\n", r));
    }

    @Test
    void principalUnknownIsReportedWithRealm() {
        Evidence e = PayloadTesting.matched(asReq, krbError(6, "LAB.PORTAUDIT.TEST", null));
        assertEquals("KRB-ERROR KDC_ERR_C_PRINCIPAL_UNKNOWN(6) from realm LAB.PORTAUDIT.TEST", e.summary());
        assertEquals(6L, e.details().get("errorCode"));
        assertEquals("krbtgt/LAB.PORTAUDIT.TEST", e.details().get("sname"));
        assertEquals("20261122030000Z", e.details().get("serverTime"));
    }

    @Test
    void asRepIsAKdcToo() {
        byte[] ticket = Ber.app(1, Ber.seq(Ber.ctx(0, Ber.integer(5)), Ber.ctx(1, Ber.generalString("LAB.PORTAUDIT.TEST")),
                Ber.ctx(2, Kerberos.principal(2, "krbtgt", "LAB.PORTAUDIT.TEST")),
                Ber.ctx(3, Kerberos.encryptedData(18, new byte[16]))));
        byte[] asRep = Ber.app(11, Ber.seq(Ber.ctx(0, Ber.integer(5)), Ber.ctx(1, Ber.integer(11)),
                Ber.ctx(3, Ber.generalString("LAB.PORTAUDIT.TEST")), Ber.ctx(4, Kerberos.principal(1, "user")),
                Ber.ctx(5, ticket), Ber.ctx(6, Kerberos.encryptedData(18, new byte[32]))));
        assertEquals("Kerberos AS-REP from realm LAB.PORTAUDIT.TEST", PayloadTesting.matched(asReq, asRep).summary());
    }

    @Test
    void otherKerberosShapesAndHostileInputDoNotMatch() {
        PayloadTesting.noMatch(asReq, krbError(4, 30, 6, "X", null));
        PayloadTesting.noMatch(asReq, krbError(5, 31, 6, "X", null));
        PayloadTesting.noMatch(asReq, PayloadTesting.request(asReq)); // our AS-REQ reflected
        PayloadTesting.survivesHostileInput(asReq, krbError(6, "LAB.PORTAUDIT.TEST", null), false);
        // indefinite length, 5-octet lengths, lengths past the end
        PayloadTesting.noMatch(asReq, PayloadTesting.hex("7e 80 30 80 0000 0000"));
        PayloadTesting.noMatch(asReq, PayloadTesting.hex("7e 85 0000000001 00"));
        PayloadTesting.noMatch(asReq, PayloadTesting.hex("7e 84 7fffffff 30"));
    }

    @Test
    void kpasswdRequestHasRfc3244Framing() {
        KpasswdPayload kp = new KpasswdPayload("lab.portaudit.test", new SplittableRandom(3));
        byte[] req = PayloadTesting.request(kp);
        Wire w = new Wire(req);
        assertEquals(req.length, w.u16(), "message length covers the whole datagram");
        assertEquals(0xff80, w.u16());
        int apReqLen = w.u16();
        Ber.Tlv apReq = Ber.read(w.slice(apReqLen));
        assertTrue(apReq.isApplication(14));
        Wire ap = Ber.expect(apReq.content(), Ber.SEQUENCE).content();
        assertEquals(5, Ber.readInteger(Ber.read(ap).content()));
        assertEquals(14, Ber.readInteger(Ber.read(ap).content()));
        Ber.read(ap); // ap-options
        Ber.Tlv ticket = Ber.read(ap);
        assertTrue(ticket.isContext(3));
        Ber.Tlv tkt = Ber.read(ticket.content());
        assertTrue(tkt.isApplication(1));
        Wire t = Ber.expect(tkt.content(), Ber.SEQUENCE).content();
        Ber.read(t);
        assertEquals("LAB.PORTAUDIT.TEST", Ber.textOf(Ber.expect(Ber.read(t).content(), Ber.GENERAL_STRING).content()));
        assertEquals("kadmin/changepw", Kerberos.readPrincipal(Ber.read(t).content()));
        Ber.Tlv priv = Ber.read(w);
        assertTrue(priv.isApplication(21));
        assertFalse(w.hasRemaining());
    }

    static byte[] kpasswdFrame(int version, byte[] apRep, byte[] body) {
        int len = 6 + apRep.length + body.length;
        byte[] out = new byte[len];
        out[0] = (byte) (len >> 8);
        out[1] = (byte) len;
        out[2] = (byte) (version >> 8);
        out[3] = (byte) version;
        out[4] = (byte) (apRep.length >> 8);
        out[5] = (byte) apRep.length;
        System.arraycopy(apRep, 0, out, 6, apRep.length);
        System.arraycopy(body, 0, out, 6 + apRep.length, body.length);
        return out;
    }

    @Test
    void kpasswdAcceptsFramedErrorBareErrorAndApRep() {
        KpasswdPayload kp = new KpasswdPayload("lab.portaudit.test", new SplittableRandom(3));
        byte[] resultHardError = PayloadTesting.hex("0002 426164207469636b6574"); // 2 + "Bad ticket"
        byte[] framed = kpasswdFrame(1, new byte[0], krbError(31, "LAB.PORTAUDIT.TEST", resultHardError));
        Evidence e = PayloadTesting.matched(kp, framed);
        assertEquals("kpasswd reply: KRB5_KPASSWD_HARDERROR(2) in KRB-ERROR from realm LAB.PORTAUDIT.TEST", e.summary());
        assertEquals(31L, e.details().get("errorCode"));
        assertEquals("Bad ticket", e.details().get("resultString"));
        Evidence bare = PayloadTesting.matched(kp, krbError(44, "LAB.PORTAUDIT.TEST", null));
        assertEquals("bare KRB-ERROR", bare.details().get("framing"));
        byte[] apRep = Ber.app(15, Ber.seq(Ber.ctx(0, Ber.integer(5))));
        byte[] priv = Ber.app(21, Ber.seq(Ber.ctx(0, Ber.integer(5))));
        assertEquals("kpasswd reply (AP-REP + KRB-PRIV)", PayloadTesting.matched(kp, kpasswdFrame(1, apRep, priv)).summary());
        // a frame whose length field lies, and an unknown version
        byte[] lying = framed.clone();
        lying[1]++;
        PayloadTesting.noMatch(kp, lying);
        PayloadTesting.noMatch(kp, kpasswdFrame(7, new byte[0], krbError(31, "X", null)));
        PayloadTesting.survivesHostileInput(kp, framed, false);
    }

    @Test
    void realRepliesFromTheSambaDc() {
        byte[] unknown = PayloadTesting.hexResource("dc-kerberos-88.hex");
        Evidence e = PayloadTesting.matched(asReq, unknown);
        assertEquals("KRB-ERROR KDC_ERR_C_PRINCIPAL_UNKNOWN(6) from realm LAB.PORTAUDIT.TEST", e.summary());
        assertEquals("krbtgt/LAB.PORTAUDIT.TEST", e.details().get("sname"));
        PayloadTesting.survivesHostileInput(asReq, unknown, false);
        // asked for a realm it does not serve, Samba still answers (and echoes the realm)
        Evidence other = PayloadTesting.matched(asReq, PayloadTesting.hexResource("dc-kerberos-88-wrong-realm.hex"));
        assertEquals("PORTAUDIT.INVALID", other.details().get("realm"));

        KpasswdPayload kp = new KpasswdPayload("lab.portaudit.test", new SplittableRandom(3));
        byte[] kpReply = PayloadTesting.hexResource("dc-kpasswd-464.hex");
        Evidence k = PayloadTesting.matched(kp, kpReply);
        assertEquals("kpasswd reply: KRB5_KPASSWD_HARDERROR(2) in KRB-ERROR from realm LAB.PORTAUDIT.TEST", k.summary());
        assertEquals("RFC 3244 reply, version 1", k.details().get("framing"));
        assertEquals("gensec_update failed - NT_STATUS_LOGON_FAILURE.", k.details().get("resultString"));
        PayloadTesting.survivesHostileInput(kp, kpReply, false);
        // a KDC's answer on 88 is not a kpasswd frame, but a bare KRB-ERROR is accepted there too
        assertTrue(PayloadTesting.matched(kp, unknown).summary().startsWith("kpasswd: KRB-ERROR"));
    }
}
