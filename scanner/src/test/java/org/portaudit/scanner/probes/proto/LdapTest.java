package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdapTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] entryMessage(int id) {
        byte[] attrs = Ber.seq(
                Ber.seq(Ber.octets("dnsHostName"), Ber.tlv(Ber.SET, Ber.octets("dc1.lab.test"))),
                Ber.seq(Ber.octets("supportedLDAPVersion"), Ber.tlv(Ber.SET, Ber.octets("2"), Ber.octets("3"))));
        return Ber.seq(Ber.integer(id), Ber.app(Ldap.OP_SEARCH_RES_ENTRY, Ber.octets(""), attrs));
    }

    @Test
    void searchRequestDecodesBackToWhatWasAsked() {
        byte[] req = Ldap.rootDseSearch(7, Ldap.and(Ldap.equality("DnsDomain", utf8("lab.test"))), List.of("Netlogon"));
        Ldap.Message m = Ldap.readMessage(new Wire(req));
        assertEquals(7, m.id());
        assertTrue(m.isOp(Ldap.OP_SEARCH_REQUEST));
        assertFalse(Ldap.isResponse(m.op()), "a request is not a response");
        Wire sr = m.op().content();
        assertEquals("", Ber.textOf(Ber.expect(sr, Ber.OCTET_STRING).content()));
        assertEquals(0, Ber.intValue(Ber.expect(sr, Ber.ENUMERATED).content()), "baseObject");
        Ber.expect(sr, Ber.ENUMERATED);
        Ber.expect(sr, Ber.INTEGER);
        Ber.expect(sr, Ber.INTEGER);
        Ber.expect(sr, Ber.BOOLEAN);
        Ber.Tlv and = Ber.read(sr);
        assertTrue(and.isContext(0) && and.constructed());
        Wire attrs = Ber.expect(sr, Ber.SEQUENCE).content();
        assertEquals("Netlogon", Ber.textOf(Ber.expect(attrs, Ber.OCTET_STRING).content()));
        assertEquals(0x87, Ldap.present("objectClass")[0] & 0xff);
    }

    @Test
    void entryAndResultDecode() {
        Ldap.Message m = Ldap.readMessage(new Wire(entryMessage(1)));
        Ldap.Entry e = Ldap.entry(m.op().content(), 32, 64);
        assertEquals(2, e.attributes().size());
        assertEquals("dnsHostName", e.attributes().get(0).type());
        assertEquals(List.of("2", "3"), e.attributes().get(1).texts());
        Ldap.Entry capped = Ldap.entry(Ldap.readMessage(new Wire(entryMessage(1))).op().content(), 1, 1);
        assertEquals(1, capped.attributes().size(), "attributes past the bound are skipped");
        byte[] done = Ber.seq(Ber.integer(1), Ber.app(Ldap.OP_SEARCH_RES_DONE, Ber.enumerated(53), Ber.octets(""),
                Ber.octets("unwilling")));
        Ldap.Result r = Ldap.result(Ldap.readMessage(new Wire(done)).op().content());
        assertEquals(53, r.code());
        assertEquals("unwilling", r.diagnosticMessage());
        byte[] notice = Ber.seq(Ber.integer(0), Ber.app(Ldap.OP_EXTENDED_RESPONSE, Ber.enumerated(2), Ber.octets(""),
                Ber.octets("")));
        assertTrue(Ldap.readMessage(new Wire(notice)).isNotice());
    }

    @Test
    void everyTruncationIsRefused() {
        Bounded.everyTruncationRefused(b -> Ldap.entry(Ldap.readMessage(new Wire(b)).op().content(), 32, 64),
                entryMessage(1));
    }

    @Test
    void malformedShapesAreRefused() {
        byte[] extraField = Ber.seq(Ber.integer(1), Ber.app(Ldap.OP_SEARCH_RES_ENTRY, Ber.octets(""), Ber.seq(),
                Ber.integer(9)));
        assertThrows(Malformed.class, () -> Ldap.entry(Ldap.readMessage(new Wire(extraField)).op().content(), 8, 8));
        byte[] notASet = Ber.seq(Ber.integer(1), Ber.app(Ldap.OP_SEARCH_RES_ENTRY, Ber.octets(""),
                Ber.seq(Ber.seq(Ber.octets("cn"), Ber.seq(Ber.octets("x"))))));
        assertThrows(Malformed.class, () -> Ldap.entry(Ldap.readMessage(new Wire(notASet)).op().content(), 8, 8));
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = entryMessage(1);
            junk[r.nextInt(junk.length)] = (byte) r.nextInt();
            Bounded.decodeOrRefuse(b -> Ldap.entry(Ldap.readMessage(new Wire(b)).op().content(), 32, 64), junk);
        }
    }
}
