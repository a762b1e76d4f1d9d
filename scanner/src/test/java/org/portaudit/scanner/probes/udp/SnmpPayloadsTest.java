package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Wire;

class SnmpPayloadsTest {
    private final SnmpV2cPayload v2c = new SnmpV2cPayload("s3cret", 4242);
    private final SnmpV3DiscoveryPayload v3 = new SnmpV3DiscoveryPayload(777);

    @Test
    void v2cRequestIsAGetForSysDescrAndSysName() {
        Wire w = new Wire(PayloadTesting.request(v2c));
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        assertFalse(w.hasRemaining());
        assertEquals(1, Ber.readInteger(msg), "version-2c is 1");
        assertEquals("s3cret", Ber.textOf(Ber.expect(msg, Ber.OCTET_STRING).content()));
        Snmp.Pdu pdu = Snmp.readPdu(msg);
        assertEquals(Snmp.GET_REQUEST, pdu.type());
        assertEquals(4242, pdu.requestId());
        assertEquals(2, pdu.varBinds().size());
        assertEquals(Snmp.SYS_DESCR, pdu.varBinds().get(0).oid());
        assertEquals("null", pdu.varBinds().get(0).value());
        assertEquals(Snmp.SYS_NAME, pdu.varBinds().get(1).oid());
        assertArrayEquals(PayloadTesting.hex("06 08 2b06010201010100"), Ber.oid(Snmp.SYS_DESCR));
    }

    @Test
    void defaultCommunityIsPublic() {
        Wire w = new Wire(PayloadTesting.request(new SnmpV2cPayload(null, new java.util.SplittableRandom(1))));
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        Ber.readInteger(msg);
        assertEquals("public", Ber.textOf(Ber.expect(msg, Ber.OCTET_STRING).content()));
    }

    static byte[] v2cResponse(String community, long reqId, byte[] descrValue) {
        byte[] binds = Ber.seq(Ber.seq(Ber.oid(Snmp.SYS_DESCR), descrValue),
                Ber.seq(Ber.oid(Snmp.SYS_NAME), Ber.octets("DC1")),
                Ber.seq(Ber.oid("1.3.6.1.2.1.1.3.0"), Ber.tlv(0x43, new byte[] {(byte) 0xff, 0, 0, 1})));
        return Ber.seq(Ber.integer(1), Ber.octets(community),
                Ber.tlv(Snmp.RESPONSE, Ber.integer(reqId), Ber.integer(0), Ber.integer(0), binds));
    }

    @Test
    void v2cResponseReportsSysDescr() {
        byte[] r = v2cResponse("s3cret", 4242, Ber.octets("Hardware: Intel64 - Software: Windows Version 6.3"));
        Evidence e = PayloadTesting.matched(v2c, r);
        assertEquals("SNMPv2c sysDescr: Hardware: Intel64 - Software: Windows Version 6.3", e.summary());
        assertEquals("DC1", e.details().get("sysName"));
        assertEquals(0xff000001L, e.details().get("sysUpTime"), "TimeTicks unsigned");
        Evidence missing = PayloadTesting.matched(v2c, v2cResponse("s3cret", 4242, new byte[] {(byte) 0x80, 0}));
        assertEquals("noSuchObject", missing.details().get("sysDescr"));
        assertEquals("(the --snmp-community given)", e.details().get("community"), "a chosen community is a secret");
    }

    /** The policy forbids an agent that answers 'public': the evidence says which community was answered. */
    @Test
    void v2cReplyToPublicSaysSo() {
        SnmpV2cPayload asPublic = new SnmpV2cPayload(null, 99);
        Evidence e = PayloadTesting.matched(asPublic, v2cResponse("public", 99, Ber.octets("Windows")));
        assertEquals("public", e.details().get("community"));
        assertTrue(e.probe().startsWith("udp:snmp-v2c"), e.probe());
    }

    @Test
    void v2cRejectsOtherIdsCommunitiesAndItsOwnRequest() {
        PayloadTesting.noMatch(v2c, v2cResponse("s3cret", 4243, Ber.octets("x")));
        PayloadTesting.noMatch(v2c, v2cResponse("public", 4242, Ber.octets("x")));
        PayloadTesting.noMatch(v2c, PayloadTesting.request(v2c));
        PayloadTesting.survivesHostileInput(v2c, v2cResponse("s3cret", 4242, Ber.octets("Linux dc1")), false);
    }

    @Test
    void v3RequestIsAnUnauthenticatedReportableDiscovery() {
        Wire w = new Wire(PayloadTesting.request(v3));
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        assertEquals(3, Ber.readInteger(msg));
        Wire global = Ber.expect(msg, Ber.SEQUENCE).content();
        assertEquals(777, Ber.readInteger(global));
        assertTrue(Ber.readInteger(global) >= 484);
        assertArrayEquals(new byte[] {4}, Ber.bytesOf(Ber.expect(global, Ber.OCTET_STRING).content()),
                "reportable, no auth, no priv");
        assertEquals(3, Ber.readInteger(global), "USM");
        Wire usm = Ber.expect(Ber.expect(msg, Ber.OCTET_STRING).content(), Ber.SEQUENCE).content();
        assertEquals(0, Ber.expect(usm, Ber.OCTET_STRING).content().remaining(), "empty engine ID");
        Wire scoped = Ber.expect(msg, Ber.SEQUENCE).content();
        Ber.expect(scoped, Ber.OCTET_STRING);
        Ber.expect(scoped, Ber.OCTET_STRING);
        Snmp.Pdu pdu = Snmp.readPdu(scoped);
        assertEquals(Snmp.GET_REQUEST, pdu.type());
        assertTrue(pdu.varBinds().isEmpty());
    }

    /** The Report a net-snmp agent sends to a discovery request (RFC 3414 4). */
    static byte[] v3Report(long msgId) {
        byte[] engineId = PayloadTesting.hex("80001f8880 59dc486145a26361 00000000");
        byte[] usm = Ber.seq(Ber.octets(engineId), Ber.integer(3), Ber.integer(1234), Ber.octets(new byte[0]),
                Ber.octets(new byte[0]), Ber.octets(new byte[0]));
        byte[] report = Ber.tlv(Snmp.REPORT, Ber.integer(msgId), Ber.integer(0), Ber.integer(0),
                Ber.seq(Ber.seq(Ber.oid(Snmp.USM_UNKNOWN_ENGINE_IDS), Ber.tlv(0x41, new byte[] {5}))));
        return Ber.seq(Ber.integer(3),
                Ber.seq(Ber.integer(msgId), Ber.integer(65507), Ber.octets(new byte[] {0}), Ber.integer(3)),
                Ber.octets(usm),
                Ber.seq(Ber.octets(engineId), Ber.octets(new byte[0]), report));
    }

    @Test
    void v3ReportGivesTheEngineId() {
        Evidence e = PayloadTesting.matched(v3, v3Report(777));
        assertEquals("SNMPv3 engine 80001f888059dc486145a2636100000000 (enterprise 8072 Net-SNMP)", e.summary());
        assertEquals(3L, e.details().get("engineBoots"));
        assertEquals(5L, e.details().get("usmStatsUnknownEngineIDs"));
        assertEquals("Report", e.details().get("pdu"));
        PayloadTesting.noMatch(v3, v3Report(778));
        PayloadTesting.noMatch(v3, PayloadTesting.request(v2c));
        PayloadTesting.noMatch(v3, PayloadTesting.request(v3));
        PayloadTesting.survivesHostileInput(v3, v3Report(777), false);
    }
}
