package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Wire;

class CldapPayloadTest {
    private final CldapPayload ping = CldapPayload.netlogonPing("lab.portaudit.test", 7);

    @Test
    void requestIsTheMsAdtsLdapPing() {
        Wire w = new Wire(PayloadTesting.request(ping));
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        assertFalse(w.hasRemaining());
        assertEquals(7, Ber.readInteger(msg));
        Ber.Tlv op = Ber.read(msg);
        assertTrue(op.isApplication(3) && op.constructed(), "searchRequest");
        Wire s = op.content();
        assertEquals(0, Ber.expect(s, Ber.OCTET_STRING).content().remaining(), "base: rootDSE");
        assertEquals(0, Ber.intValue(Ber.expect(s, Ber.ENUMERATED).content()), "scope base");
        assertEquals(0, Ber.intValue(Ber.expect(s, Ber.ENUMERATED).content()));
        assertEquals(0, Ber.readInteger(s));
        assertEquals(0, Ber.readInteger(s));
        Ber.expect(s, Ber.BOOLEAN);
        Ber.Tlv and = Ber.read(s);
        assertTrue(and.isContext(0) && and.constructed(), "and filter");
        Wire terms = and.content();
        Ber.Tlv dom = Ber.read(terms);
        assertTrue(dom.isContext(3));
        assertEquals("DnsDomain", Ber.textOf(Ber.expect(dom.content(), Ber.OCTET_STRING).content()));
        assertEquals("lab.portaudit.test", Ber.textOf(Ber.expect(dom.content(), Ber.OCTET_STRING).content()));
        Ber.Tlv ver = Ber.read(terms);
        assertEquals("NtVer", Ber.textOf(Ber.expect(ver.content(), Ber.OCTET_STRING).content()));
        assertArrayEquals(new byte[] {6, 0, 0, 0}, Ber.bytesOf(Ber.expect(ver.content(), Ber.OCTET_STRING).content()));
        Wire attrs = Ber.expect(s, Ber.SEQUENCE).content();
        assertEquals("Netlogon", Ber.textOf(Ber.expect(attrs, Ber.OCTET_STRING).content()));
        assertFalse(attrs.hasRemaining());
        assertFalse(s.hasRemaining());
    }

    @Test
    void withoutADomainOnlyNtVerIsAsked() {
        Wire msg = new Wire(PayloadTesting.request(CldapPayload.netlogonPing(null, 9)));
        Wire m = Ber.expect(msg, Ber.SEQUENCE).content();
        Ber.readInteger(m);
        Wire req = Ber.read(m).content();
        for (int i = 0; i < 6; i++) {
            Ber.read(req);
        }
        Wire terms = Ber.read(req).content();
        assertEquals("NtVer", Ber.textOf(Ber.expect(Ber.read(terms).content(), Ber.OCTET_STRING).content()));
        assertFalse(terms.hasRemaining());
    }

    /** NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9) with compressed names, as a DC writes it. */
    static byte[] netlogonEx() {
        return PayloadTesting.hex(
                "1700 0000" // opcode 23, Sbz
                        + " fd f3 03 00" // flags PDC|GC|LDAP|DS|KDC|TIMESERV|CLOSEST|WRITABLE|GOOD_TIMESERV|..
                        + " 33221100 5544 7766 8899 aabbccddeeff" // domain GUID
                        + " 03 6c6162 09 706f72746175646974 04 74657374 00" // lab.portaudit.test @24
                        + " c018" // DnsDomainName -> forest
                        + " 03 646331 c018" // dc1.lab.portaudit.test
                        + " 03 4c4142 00" // LAB
                        + " 03 444331 00" // DC1
                        + " 00" // user
                        + " 17 44656661756c742d46697273742d536974652d4e616d65 00" // Default-First-Site-Name @63
                        + " c03f" // client site -> same
                        + " 06000000 ffff ffff");
    }

    static byte[] message(int id, byte[] op) {
        return Ber.seq(Ber.integer(id), op);
    }

    static byte[] reply(int id, byte[] netlogon) {
        byte[] entry = Ber.app(4, Ber.octets(""), Ber.seq(Ber.seq(Ber.octets("netlogon"),
                Ber.tlv(Ber.SET, Ber.octets(netlogon)))));
        byte[] done = Ber.app(5, Ber.enumerated(0), Ber.octets(""), Ber.octets(""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(message(id, entry));
        out.writeBytes(message(id, done));
        return out.toByteArray();
    }

    @Test
    void decodesTheNetlogonResponse() {
        Evidence e = PayloadTesting.matched(ping, reply(7, netlogonEx()));
        assertEquals("CLDAP LDAP ping: DC dc1.lab.portaudit.test of domain lab.portaudit.test, site "
                + "Default-First-Site-Name", e.summary());
        assertEquals("LAB", e.details().get("netbiosDomainName"));
        assertEquals("DC1", e.details().get("netbiosComputerName"));
        assertEquals("Default-First-Site-Name", e.details().get("clientSiteName"));
        assertEquals("00112233-4455-6677-8899-aabbccddeeff", e.details().get("domainGuid"));
        assertEquals("0x0003f3fd PDC|GC|LDAP|DS|KDC|TIMESERV|CLOSEST|WRITABLE|GOOD_TIMESERV|FULL_SECRET_DOMAIN_6|WS|DS_8|DS_9|DS_10|KEY_LIST",
                e.details().get("flags"));
        assertEquals(0L, e.details().get("resultCode"));
    }

    @Test
    void rootDseEntryAndBareDone() {
        CldapPayload root = CldapPayload.rootDse(11);
        byte[] entry = Ber.app(4, Ber.octets(""), Ber.seq(Ber.seq(Ber.octets("dnsHostName"),
                Ber.tlv(Ber.SET, Ber.octets("dc1.lab.portaudit.test")))));
        Evidence e = PayloadTesting.matched(root, message(11, entry));
        assertEquals("CLDAP rootDSE of dc1.lab.portaudit.test", e.summary());
        byte[] done = Ber.app(5, Ber.enumerated(53), Ber.octets(""), Ber.octets("unwilling"));
        Evidence d = PayloadTesting.matched(root, message(11, done));
        assertEquals("CLDAP response, resultCode 53, no entry", d.summary());
        assertEquals("unwilling", d.details().get("diagnosticMessage"));
    }

    @Test
    void wrongIdLoopsAndHostileInput() {
        PayloadTesting.noMatch(ping, reply(8, netlogonEx()));
        PayloadTesting.noMatch(ping, PayloadTesting.request(ping));
        byte[] loop = netlogonEx();
        loop[24] = (byte) 0xc0; // forest name points at itself
        loop[25] = 0x18;
        PayloadTesting.noMatch(ping, reply(7, loop));
        byte[] valid = reply(7, netlogonEx());
        Wire whole = new Wire(valid);
        Ber.read(whole);
        int firstMessage = whole.position();
        // a datagram cut after the complete searchResEntry is still a complete LDAP answer
        PayloadTesting.survivesHostileInput(ping, valid, len -> len == firstMessage);
    }

    @Test
    void realRepliesFromTheSambaDc() {
        byte[] reply = PayloadTesting.hexResource("dc-cldap-389.hex");
        Evidence e = PayloadTesting.matched(ping, reply);
        assertEquals("CLDAP LDAP ping: DC dc01.lab.portaudit.test of domain lab.portaudit.test, site "
                + "Default-First-Site-Name", e.summary());
        assertEquals("LAB", e.details().get("netbiosDomainName"));
        assertEquals("0x000013fd PDC|GC|LDAP|DS|KDC|TIMESERV|CLOSEST|WRITABLE|GOOD_TIMESERV|FULL_SECRET_DOMAIN_6",
                e.details().get("flags"));
        assertEquals(0L, e.details().get("resultCode"));
        Wire whole = new Wire(reply);
        Ber.read(whole);
        int firstMessage = whole.position();
        PayloadTesting.survivesHostileInput(ping, reply, len -> len == firstMessage);
        // without DnsDomain the DC answers for its own domain
        Evidence bare = PayloadTesting.matched(CldapPayload.netlogonPing(null, 9),
                PayloadTesting.hexResource("dc-cldap-389-no-domain.hex"));
        assertEquals("dc01.lab.portaudit.test", bare.details().get("dnsHostName"));
        Evidence root = PayloadTesting.matched(CldapPayload.rootDse(11),
                PayloadTesting.hexResource("dc-cldap-389-rootdse.hex"));
        assertEquals("CLDAP rootDSE of DC01.lab.portaudit.test", root.summary());
        assertEquals("DC=lab,DC=portaudit,DC=test", root.details().get("defaultNamingContext"));
        PayloadTesting.noMatch(ping, PayloadTesting.hexResource("dc-cldap-389-rootdse.hex")); // id 11, not 7
    }
}
