package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class SnmpPayloadsTest {
    private final SnmpV2cPayload v2c = new SnmpV2cPayload("s3cret", 4242);
    private final SnmpV3DiscoveryPayload v3 = new SnmpV3DiscoveryPayload(777);

    @Test
    void v2cRequestIsAGetForSysDescrAndSysName() {
        Wire w = new Wire(PayloadTesting.request(v2c));
        Wire msg = Der.expect(w, Der.SEQUENCE).content();
        assertFalse(w.hasRemaining());
        assertEquals(1, Der.readInteger(msg), "version-2c is 1");
        assertEquals("s3cret", Der.textOf(Der.expect(msg, Der.OCTET_STRING).content()));
        Snmp.Pdu pdu = Snmp.readPdu(msg);
        assertEquals(Snmp.GET_REQUEST, pdu.type());
        assertEquals(4242, pdu.requestId());
        assertEquals(2, pdu.varBinds().size());
        assertEquals(Snmp.SYS_DESCR, pdu.varBinds().get(0).oid());
        assertEquals("null", pdu.varBinds().get(0).value());
        assertEquals(Snmp.SYS_NAME, pdu.varBinds().get(1).oid());
        assertArrayEquals(PayloadTesting.hex("06 08 2b06010201010100"), Der.oid(Snmp.SYS_DESCR));
    }

    @Test
    void defaultCommunityIsPublic() {
        Wire w = new Wire(PayloadTesting.request(new SnmpV2cPayload(null, new java.util.SplittableRandom(1))));
        Wire msg = Der.expect(w, Der.SEQUENCE).content();
        Der.readInteger(msg);
        assertEquals("public", Der.textOf(Der.expect(msg, Der.OCTET_STRING).content()));
    }

    static byte[] v2cResponse(String community, long reqId, byte[] descrValue) {
        byte[] binds = Der.seq(Der.seq(Der.oid(Snmp.SYS_DESCR), descrValue),
                Der.seq(Der.oid(Snmp.SYS_NAME), Der.octets("DC1")),
                Der.seq(Der.oid("1.3.6.1.2.1.1.3.0"), Der.tlv(0x43, new byte[] {(byte) 0xff, 0, 0, 1})));
        return Der.seq(Der.integer(1), Der.octets(community),
                Der.tlv(Snmp.RESPONSE, Der.integer(reqId), Der.integer(0), Der.integer(0), binds));
    }

    @Test
    void v2cResponseReportsSysDescr() {
        byte[] r = v2cResponse("s3cret", 4242, Der.octets("Hardware: Intel64 - Software: Windows Version 6.3"));
        Evidence e = PayloadTesting.matched(v2c, r);
        assertEquals("SNMPv2c sysDescr: Hardware: Intel64 - Software: Windows Version 6.3", e.summary());
        assertEquals("DC1", e.details().get("sysName"));
        assertEquals(Long.toString(0xff000001L), e.details().get("1.3.6.1.2.1.1.3.0"), "TimeTicks unsigned");
        Evidence missing = PayloadTesting.matched(v2c, v2cResponse("s3cret", 4242, new byte[] {(byte) 0x80, 0}));
        assertEquals("noSuchObject", missing.details().get("sysDescr"));
        assertEquals("(the --snmp-community given)", e.details().get("community"), "a chosen community is a secret");
    }

    /** The policy forbids an agent that answers 'public': the evidence says which community was answered. */
    @Test
    void v2cReplyToPublicSaysSo() {
        SnmpV2cPayload asPublic = new SnmpV2cPayload(null, 99);
        Evidence e = PayloadTesting.matched(asPublic, v2cResponse("public", 99, Der.octets("Windows")));
        assertEquals("public", e.details().get("community"));
        assertTrue(e.probe().startsWith("udp:snmp-v2c"), e.probe());
    }

    @Test
    void v2cRejectsOtherIdsCommunitiesAndItsOwnRequest() {
        PayloadTesting.noMatch(v2c, v2cResponse("s3cret", 4243, Der.octets("x")));
        PayloadTesting.noMatch(v2c, v2cResponse("public", 4242, Der.octets("x")));
        PayloadTesting.noMatch(v2c, PayloadTesting.request(v2c));
        PayloadTesting.survivesHostileInput(v2c, v2cResponse("s3cret", 4242, Der.octets("Linux dc1")), false);
    }

    @Test
    void v3RequestIsAnUnauthenticatedReportableDiscovery() {
        Wire w = new Wire(PayloadTesting.request(v3));
        Wire msg = Der.expect(w, Der.SEQUENCE).content();
        assertEquals(3, Der.readInteger(msg));
        Wire global = Der.expect(msg, Der.SEQUENCE).content();
        assertEquals(777, Der.readInteger(global));
        assertTrue(Der.readInteger(global) >= 484);
        assertArrayEquals(new byte[] {4}, Der.bytesOf(Der.expect(global, Der.OCTET_STRING).content()),
                "reportable, no auth, no priv");
        assertEquals(3, Der.readInteger(global), "USM");
        Wire usm = Der.expect(Der.expect(msg, Der.OCTET_STRING).content(), Der.SEQUENCE).content();
        assertEquals(0, Der.expect(usm, Der.OCTET_STRING).content().remaining(), "empty engine ID");
        Wire scoped = Der.expect(msg, Der.SEQUENCE).content();
        Der.expect(scoped, Der.OCTET_STRING);
        Der.expect(scoped, Der.OCTET_STRING);
        Snmp.Pdu pdu = Snmp.readPdu(scoped);
        assertEquals(Snmp.GET_REQUEST, pdu.type());
        assertTrue(pdu.varBinds().isEmpty());
    }

    /** The Report a net-snmp agent sends to a discovery request (RFC 3414 4). */
    static byte[] v3Report(long msgId) {
        byte[] engineId = PayloadTesting.hex("80001f8880 59dc486145a26361 00000000");
        byte[] usm = Der.seq(Der.octets(engineId), Der.integer(3), Der.integer(1234), Der.octets(new byte[0]),
                Der.octets(new byte[0]), Der.octets(new byte[0]));
        byte[] report = Der.tlv(Snmp.REPORT, Der.integer(msgId), Der.integer(0), Der.integer(0),
                Der.seq(Der.seq(Der.oid(Snmp.USM_UNKNOWN_ENGINE_IDS), Der.tlv(0x41, new byte[] {5}))));
        return Der.seq(Der.integer(3),
                Der.seq(Der.integer(msgId), Der.integer(65507), Der.octets(new byte[] {0}), Der.integer(3)),
                Der.octets(usm),
                Der.seq(Der.octets(engineId), Der.octets(new byte[0]), report));
    }

    @Test
    void v3ReportGivesTheEngineId() {
        Evidence e = PayloadTesting.matched(v3, v3Report(777));
        assertEquals("SNMPv3 engine 80001f888059dc486145a2636100000000 (enterprise 8072 Net-SNMP)", e.summary());
        assertEquals("3", e.details().get("engineBoots"));
        assertEquals("5", e.details().get("usmStatsUnknownEngineIDs"));
        assertEquals("Report", e.details().get("pdu"));
        PayloadTesting.noMatch(v3, v3Report(778));
        PayloadTesting.noMatch(v3, PayloadTesting.request(v2c));
        PayloadTesting.noMatch(v3, PayloadTesting.request(v3));
        PayloadTesting.survivesHostileInput(v3, v3Report(777), false);
    }
}
