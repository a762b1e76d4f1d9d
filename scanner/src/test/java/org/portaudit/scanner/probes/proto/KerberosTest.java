package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KerberosTest {
    /** A KRB-ERROR as RFC 4120 5.9.1 lays it out. */
    static byte[] krbError(long code, String realm) {
        return Ber.app(Kerberos.KRB_ERROR, Ber.seq(
                Ber.ctx(0, Ber.integer(5)),
                Ber.ctx(1, Ber.integer(Kerberos.KRB_ERROR)),
                Ber.ctx(4, Ber.tlv(Ber.GENERALIZED_TIME, "20261122030000Z".getBytes(StandardCharsets.US_ASCII))),
                Ber.ctx(5, Ber.integer(0)),
                Ber.ctx(6, Ber.integer(code)),
                Ber.ctx(9, Ber.generalString(realm)),
                Ber.ctx(10, Kerberos.principal(Kerberos.NT_SRV_INST, "krbtgt", realm)),
                Ber.ctx(11, Ber.generalString("no such principal"))));
    }

    @Test
    void asReqCarriesWhatRfc4120Asks() {
        byte[] req = Kerberos.asReq("probe", "LAB.TEST", 0x01020304L, Kerberos.KDC_OPTIONS_NONE);
        Ber.Tlv app = Ber.read(new Wire(req));
        assertTrue(app.isApplication(Kerberos.AS_REQ) && app.constructed());
        Wire seq = Ber.expect(app.content(), Ber.SEQUENCE).content();
        assertEquals(5, Ber.readInteger(Ber.read(seq).content()), "pvno");
        assertEquals(Kerberos.AS_REQ, Ber.readInteger(Ber.read(seq).content()), "msg-type");
        Ber.Tlv body = Ber.read(seq);
        assertTrue(body.isContext(4));
        Wire fields = Ber.expect(body.content(), Ber.SEQUENCE).content();
        Ber.Tlv options = Ber.read(fields);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0}, Ber.bytesOf(Ber.expect(options.content(), Ber.BIT_STRING).content()));
        assertEquals("probe", Kerberos.readPrincipal(Ber.read(fields).content()));
        assertEquals("LAB.TEST", Ber.textOf(Ber.expect(Ber.read(fields).content(), Ber.GENERAL_STRING).content()));
        assertEquals("krbtgt/LAB.TEST", Kerberos.readPrincipal(Ber.read(fields).content()));
        // the usual options, as kinit sends them
        byte[] usual = Kerberos.asReq("probe", "LAB.TEST", 1);
        assertTrue(new String(usual, StandardCharsets.ISO_8859_1).contains("\u0003\u0005\u0000\u0040\u0081\u0000\u0010"));
    }

    @Test
    void krbErrorRoundTripsIntoTypedDetails() {
        Kerberos.KrbError e = Kerberos.readError(new Wire(krbError(6, "LAB.TEST")));
        assertEquals(6, e.code());
        assertEquals("LAB.TEST", e.realm());
        assertEquals("krbtgt/LAB.TEST", e.sname());
        Map<String, Object> d = Kerberos.details(e);
        assertEquals(6L, d.get("errorCode"));
        assertEquals("KDC_ERR_C_PRINCIPAL_UNKNOWN", d.get("errorName"));
        assertEquals("20261122030000Z", d.get("serverTime"));
        assertEquals("no such principal", d.get("eText"));
        assertEquals("KDC_ERR_WRONG_REALM(68)", Kerberos.errorLabel(68));
        assertEquals("KRB_ERROR", Kerberos.errorName(1000));
        assertEquals("KRB_ERROR", Kerberos.errorName(-1));
    }

    @Test
    void everyTruncationOfAReplyIsRefused() {
        Bounded.everyTruncationRefused(b -> Kerberos.readError(new Wire(b)), krbError(68, "EXAMPLE.TEST"));
        byte[] ticket = Ber.app(1, Ber.seq(Ber.ctx(0, Ber.integer(5)), Ber.ctx(1, Ber.generalString("LAB.TEST")),
                Ber.ctx(2, Kerberos.principal(2, "krbtgt", "LAB.TEST")), Ber.ctx(3, Kerberos.encryptedData(18, new byte[16]))));
        byte[] asRep = Ber.app(Kerberos.AS_REP, Ber.seq(Ber.ctx(0, Ber.integer(5)), Ber.ctx(1, Ber.integer(11)),
                Ber.ctx(3, Ber.generalString("LAB.TEST")), Ber.ctx(4, Kerberos.principal(1, "user")),
                Ber.ctx(5, ticket), Ber.ctx(6, Kerberos.encryptedData(18, new byte[32]))));
        assertEquals("LAB.TEST", Kerberos.readAsRepRealm(new Wire(asRep)));
        Bounded.everyTruncationRefused(b -> Kerberos.readAsRepRealm(new Wire(b)), asRep);
    }

    @Test
    void wrongVersionTypeOrShapeIsRefused() {
        byte[] pvno4 = Ber.app(Kerberos.KRB_ERROR, Ber.seq(Ber.ctx(0, Ber.integer(4)), Ber.ctx(1, Ber.integer(30)),
                Ber.ctx(6, Ber.integer(6))));
        assertThrows(Malformed.class, () -> Kerberos.readError(new Wire(pvno4)));
        byte[] untagged = Ber.app(Kerberos.KRB_ERROR, Ber.seq(Ber.integer(5)));
        assertThrows(Malformed.class, () -> Kerberos.readError(new Wire(untagged)));
        assertThrows(Malformed.class, () -> Kerberos.readError(new Wire(Ber.seq())));
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = krbError(6, "LAB.TEST");
            junk[r.nextInt(junk.length)] = (byte) r.nextInt();
            Bounded.decodeOrRefuse(b -> Kerberos.readError(new Wire(b)), junk);
        }
    }
}
