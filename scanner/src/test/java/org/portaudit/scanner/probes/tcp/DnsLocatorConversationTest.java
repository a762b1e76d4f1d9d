package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Dns;

/** The AD zone's SOA, then the DC locator SRV records, on one DNS-over-TCP connection. */
class DnsLocatorConversationTest {
    private static final String DOMAIN = "lab.example";
    private final DnsLocatorConversation dns = new DnsLocatorConversation(DOMAIN);

    private static byte[] framed(byte[] msg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(msg.length >> 8);
        out.write(msg.length & 0xff);
        out.writeBytes(msg);
        return out.toByteArray();
    }

    /** Our query turned into a response with {@code flags} and {@code answers} records appended. */
    private static byte[] response(byte[] query, int flags, int answerCount, byte[] answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(query);
        out.writeBytes(answers);
        byte[] m = out.toByteArray();
        m[2] = (byte) (flags >> 8);
        m[3] = (byte) flags;
        m[6] = 0;
        m[7] = (byte) answerCount;
        return framed(m);
    }

    /** An SOA answer for the question's name (pointer to offset 12): mname dc1.<zone>, rname hostmaster.<zone>. */
    private static final byte[] SOA = Hex.bytes("c00c 0006 0001 00000e10 0027"
            + " 03646331c00c" + " 0a686f73746d6173746572c00c" + " 00000001 00000384 00000258 00093a80 00000e10");
    /** An SRV answer: priority 0, weight 100, port 389, target the zone (its labels start at offset 33). */
    private static final byte[] SRV = Hex.bytes("c00c 0021 0001 00000258 0008 0000 0064 0185 c021");

    private static byte[] zoneQuery() {
        return Dns.query(DnsLocatorConversation.ZONE_ID, DOMAIN, Dns.TYPE_SOA);
    }

    private static byte[] locatorQuery() {
        return Dns.query(DnsLocatorConversation.LOCATOR_ID, "_ldap._tcp.dc._msdcs." + DOMAIN,
                DnsLocatorConversation.TYPE_SRV);
    }

    @Test
    void asksForTheZoneFirstAndForTheLocatorRecordsOnlyOnceTheZoneIsAnswered() {
        try (Harness h = new Harness(dns)) {
            assertArrayEquals(framed(zoneQuery()), h.sent());
            h.feed(response(zoneQuery(), 0x8400, 1, SOA));
            assertFalse(h.done());
            assertArrayEquals(framed(locatorQuery()), h.sent(), "the second query follows the first answer");
            h.feed(response(locatorQuery(), 0x8400, 1, SRV));
            Evidence e = h.evidence();
            assertTrue(e.matched(), e.toString());
            assertEquals(true, e.details().get("zoneServed"));
            assertEquals(true, e.details().get("locatorServed"));
            assertEquals(1L, e.details().get("locatorAnswers"));
            assertTrue(e.summary().contains("for the SOA of lab.example (lab.example SOA dc1.lab.example), authoritative;"
                    + " NOERROR with 1 answer(s) for SRV _ldap._tcp.dc._msdcs.lab.example"), e.summary());
        }
    }

    @Test
    void aZoneItDoesNotServeAndMissingLocatorRecordsAreRecordedAsSuch() {
        try (Harness h = new Harness(dns)) {
            h.sent();
            h.feed(response(zoneQuery(), 0x8005, 0, new byte[0])); // REFUSED, not authoritative
            h.sent();
            h.feed(response(locatorQuery(), 0x8403, 0, new byte[0])); // NXDOMAIN
            Evidence e = h.evidence();
            assertTrue(e.matched(), "REFUSED is still DNS");
            assertEquals(false, e.details().get("zoneServed"));
            assertEquals(false, e.details().get("locatorServed"));
            assertEquals("NXDOMAIN", e.details().get("locatorRcodeName"));
        }
    }

    @Test
    void aServerThatClosesOrFallsSilentAfterTheFirstAnswerIsStillDnsWithTheLocatorUnknown() {
        try (Harness h = new Harness(dns)) {
            h.feed(response(zoneQuery(), 0x8400, 1, SOA)).peerCloses();
            Evidence e = h.evidence();
            assertTrue(e.matched());
            assertFalse(e.details().containsKey("locatorServed"), "unknown is not missing");
            assertTrue(e.summary().contains("the locator records were not checked: the server closed"), e.summary());
        }
        try (Harness h = new Harness(dns)) {
            h.feed(response(zoneQuery(), 0x8400, 1, SOA));
            h.channel.advanceTimeBy(DnsLocatorConversation.SECOND_WAIT_MILLIS + 1, TimeUnit.MILLISECONDS);
            h.channel.runScheduledPendingTasks();
            Evidence e = h.evidence();
            assertTrue(e.matched());
            assertTrue(e.summary().contains("no reply to the second query within 2000 ms"), e.summary());
        }
    }

    @Test
    void garbageOrAForeignIdIsNotDnsAndTwoAnswersInOneSegmentAreBothRead() {
        try (Harness h = new Harness(dns)) {
            h.feed(Hex.bytes("0011 1234 8000 0001000000000000 00 0002 0001"));
            assertFalse(h.evidence().matched(), "not our ID");
        }
        try (Harness h = new Harness(dns)) {
            h.feed(Hex.bytes("ffff 6b00"));
            h.peerCloses();
            assertFalse(h.evidence().matched());
        }
        try (Harness h = new Harness(dns)) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(response(zoneQuery(), 0x8400, 1, SOA));
            both.writeBytes(response(locatorQuery(), 0x8400, 1, SRV));
            h.feed(both.toByteArray());
            assertEquals(true, h.evidence().details().get("locatorServed"));
        }
    }
}
