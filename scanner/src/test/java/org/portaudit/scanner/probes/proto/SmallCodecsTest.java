package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DnsName, Netbios, Guids, Netlogon and Details. */
class SmallCodecsTest {
    @Test
    void dnsNamesRoundTripAndLoopsAreBounded() {
        byte[] enc = DnsName.encode("dc01.lab.test");
        Wire w = new Wire(enc);
        assertEquals("dc01.lab.test", DnsName.read(w));
        assertEquals(0, w.remaining());
        assertEquals(".", DnsName.read(new Wire(DnsName.encode("."))));
        Bounded.everyTruncationRefused(b -> DnsName.read(new Wire(b)), enc);
        assertThrows(Malformed.class, () -> DnsName.read(new Wire(new byte[] {(byte) 0xc0, 0})), "loop");
        assertThrows(Malformed.class, () -> DnsName.read(new Wire(new byte[] {0x40})), "reserved label type");
        byte[] longName = new byte[300];
        for (int i = 0; i + 2 < longName.length; i += 2) {
            longName[i] = 1;
            longName[i + 1] = 'a';
        }
        assertThrows(Malformed.class, () -> DnsName.read(new Wire(longName)), "more than 255 octets");
    }

    @Test
    void netbiosFirstLevelEncoding() {
        byte[] star = new byte[16];
        star[0] = '*';
        byte[] enc = Netbios.encodeName(star);
        assertEquals(34, enc.length);
        assertEquals("CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new String(enc, 1, 32, StandardCharsets.US_ASCII));
        // RFC 1001 14.1: "FRED" padded with spaces, suffix 0x20
        byte[] fred = Netbios.encodeName("FRED", 0x20);
        assertEquals("EGFCEFEECACACACACACACACACACACACA", new String(fred, 1, 32, StandardCharsets.US_ASCII));
    }

    @Test
    void guidsHaveTheirFirstThreeFieldsLittleEndian() {
        assertEquals("33221100-5544-7766-8899-aabbccddeeff",
                Guids.text(HexFormat.of().parseHex("00112233445566778899aabbccddeeff")));
        assertThrows(Malformed.class, () -> Guids.text(new byte[15]));
    }

    @Test
    void netlogonTruncationsAreRefused() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {23, 0, 0, 0, (byte) 0xfd, 0x03, 0, 0});
        out.writeBytes(new byte[16]);
        for (String n : new String[] {"lab.test", "lab.test", "dc1.lab.test", "LAB", "DC1", "", "Site", "Site"}) {
            out.writeBytes(DnsName.encode(n.isEmpty() ? "." : n));
        }
        byte[] value = out.toByteArray();
        Map<String, Object> d = new LinkedHashMap<>();
        assertTrue(Netlogon.decode(new Wire(value), d).contains("dc1.lab.test"));
        assertEquals(23, d.get("netlogonOpcode"));
        assertEquals("0x000003fd PDC|GC|LDAP|DS|KDC|TIMESERV|CLOSEST|WRITABLE|GOOD_TIMESERV", d.get("flags"));
        Bounded.everyTruncationRefused(b -> Netlogon.decode(new Wire(b), new LinkedHashMap<>()), value);
    }

    @Test
    void detailKeysAreLowerCamelCase() {
        assertEquals("cacheControl", Details.key("cache-control", "x"));
        assertEquals("nt", Details.key("NT", "x"));
        assertEquals("dnsHostName", Details.key("dnsHostName", "x"));
        assertEquals("attribute1x", Details.key("1x", "attribute"));
        assertNull(Details.key("--", "x"));
        assertTrue(Details.KEY.matcher(Details.key("msDS-Behavior-Version", "x")).matches());
        assertEquals(7L, Details.value("7"));
        assertEquals("7a", Details.value("7a"));
        assertEquals("99999999999999999999", Details.value("99999999999999999999"), "too long for a Long: text");
    }
}
