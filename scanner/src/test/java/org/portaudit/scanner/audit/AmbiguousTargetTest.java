package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a target must mean the host the user meant. Pure parsing: no socket is opened here (the
 * name checks that resolve run in a network namespace, in cli.SpecialTargetsCliTest).
 */
class AmbiguousTargetTest {
    private static final String FLAG = "; not probed without --allow-special-targets";

    private static String refusal(String target) {
        return assertThrows(IllegalArgumentException.class, () -> TargetSpec.parse(target), target).getMessage();
    }

    @Test
    void leadingZerosSayBothReadings() {
        assertEquals("ambiguous address '0177.0.0.1': a leading zero means octal to inet_aton (127.0.0.1) but decimal "
                + "to others (177.0.0.1); write it without leading zeros", refusal("0177.0.0.1"));
        assertEquals("ambiguous address '010.1.1.1': a leading zero means octal to inet_aton (8.1.1.1) but decimal "
                + "to others (10.1.1.1); write it without leading zeros", refusal("010.1.1.1"));
        assertEquals("ambiguous address '198.018.0.10': a leading zero means octal to inet_aton (no address) but "
                + "decimal to others (198.18.0.10); write it without leading zeros", refusal("198.018.0.10"));
        assertEquals("ambiguous address '0300.0.0.1': a leading zero means octal to inet_aton (192.0.0.1) but "
                + "decimal to others (no address); write it without leading zeros", refusal("0300.0.0.1"));
        assertEquals("ambiguous address '01.2.3.4': a leading zero means octal to inet_aton but decimal to others; "
                + "write it without leading zeros: 1.2.3.4", refusal("01.2.3.4"));
        assertEquals("ambiguous address '010.1': a leading zero means octal to inet_aton (8.0.0.1) but decimal to "
                + "others (10.0.0.1); write it without leading zeros", refusal("010.1"));
    }

    @Test
    void shortFormsAndBareNumbersSayTheFullAddress() {
        assertEquals("ambiguous address '127.1': inet_aton fills a short form in (127.0.0.1) but others refuse it; "
                + "write all four parts: 127.0.0.1", refusal("127.1"));
        assertEquals("ambiguous address '10.1': inet_aton fills a short form in (10.0.0.1) but others refuse it; "
                + "write all four parts: 10.0.0.1", refusal("10.1"));
        assertEquals("ambiguous address '198.18.10': inet_aton fills a short form in (198.18.0.10) but others refuse "
                + "it; write all four parts: 198.18.0.10", refusal("198.18.10"));
        assertEquals("ambiguous address '2130706433': a bare number is a 32-bit address to inet_aton (127.0.0.1) but "
                + "not an address to others; write it as 127.0.0.1", refusal("2130706433"));
    }

    @Test
    void hexadecimalSaysTheDottedDecimal() {
        assertEquals("ambiguous address '0x7f.0.0.1': hexadecimal means 127.0.0.1 to inet_aton but is not an address "
                + "to others; write it in dotted decimal: 127.0.0.1", refusal("0x7f.0.0.1"));
        assertEquals("ambiguous address '0x7f000001': hexadecimal means 127.0.0.1 to inet_aton but is not an address "
                + "to others; write it in dotted decimal: 127.0.0.1", refusal("0x7f000001"));
        assertEquals("ambiguous address '0XC6.0x12.0.012': hexadecimal means 198.18.0.10 to inet_aton but is not an "
                + "address to others; write it in dotted decimal: 198.18.0.10", refusal("0XC6.0x12.0.012"));
        assertEquals("bad address '0x1ffffffff': not an address; write IPv4 addresses in dotted decimal (a.b.c.d)",
                refusal("0x1ffffffff"));
    }

    @Test
    void namesOfOnlyDigitsAndDotsAreRefused() {
        for (String s : new String[] {"1.2.3.4.5", "1.2.3.4.", "300.1", "1..2", ".1.2.3", "99999999999"}) {
            assertEquals("bad target '" + s + "': only digits and dots, but not an IPv4 address (a.b.c.d, each 0-255)",
                    refusal(s));
        }
        assertEquals("bad IPv4 address in target '300.1.2.3'", refusal("300.1.2.3"));
        assertEquals("bad address in target '198.18.1.1-'", refusal("198.18.1.1-"));
        assertEquals("bad IPv4 address in target '1.2.3.1000'", refusal("1.2.3.1000"));
    }

    @Test
    void blocksAndRangesAreCheckedInEveryPart() {
        assertEquals("ambiguous address '0177.0.0.0' in '0177.0.0.0/24': a leading zero means octal to inet_aton "
                + "(127.0.0.0) but decimal to others (177.0.0.0); write it without leading zeros",
                refusal("0177.0.0.0/24"));
        assertEquals("ambiguous address '0177.0.0.1' in '0177.0.0.1-5': a leading zero means octal to inet_aton "
                + "(127.0.0.1) but decimal to others (177.0.0.1); write it without leading zeros",
                refusal("0177.0.0.1-5"));
        assertEquals("ambiguous address '127.5' in '127.0.0.1-127.5': inet_aton fills a short form in (127.0.0.5) but "
                + "others refuse it; write all four parts: 127.0.0.5", refusal("127.0.0.1-127.5"));
        assertEquals("ambiguous address '0x7f000001' in '0x7f000001/32': hexadecimal means 127.0.0.1 to inet_aton but "
                + "is not an address to others; write it in dotted decimal: 127.0.0.1", refusal("0x7f000001/32"));
        assertEquals("ambiguous range '198.18.1.1-010': a leading zero in the last octet means octal to some tools; "
                + "write it without leading zeros", refusal("198.18.1.1-010"));
        assertEquals("bad address in target '::ffff:0177.0.0.1': the IPv4 part of an IPv6 address is written a.b.c.d, "
                + "without leading zeros", refusal("::ffff:0177.0.0.1"));
    }

    @Test
    void aPolicyScopeRefusesAmbiguityButMayHoldSpecialAddresses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetSpec.parse("010.0.0.0/8", false));
        assertTrue(e.getMessage().startsWith("ambiguous address '010.0.0.0' in '010.0.0.0/8': a leading zero"),
                e.getMessage());
        // A scope is matched against, never probed: "every IPv4 host" is a fine policy key.
        assertEquals(BigInteger.ONE.shiftLeft(32), blockSize(TargetSpec.parse("0.0.0.0/0", false)));
        assertInstanceOf(TargetSpec.Name.class, TargetSpec.parse("224.0.0.1", false));
    }

    private static BigInteger blockSize(TargetSpec s) {
        TargetSpec.Block b = assertInstanceOf(TargetSpec.Block.class, s);
        return b.last().subtract(b.first()).add(BigInteger.ONE);
    }

    @Test
    void plainSpellingsStillParse() {
        for (String s : new String[] {"0.1.2.3", "10.0.0.1", "127.0.0.1", "198.18.0.10", "223.255.255.255",
                "239-a.example", "10-web.example", "0x7f.example", "0xzz.1", "1e100.net", "2001:2::1",
                "::ffff:198.18.0.10", "::1"}) {
            TargetSpec t = TargetSpec.parse(s);
            assertInstanceOf(TargetSpec.Name.class, t, s);
            assertEquals(false, ((TargetSpec.Name) t).allowSpecial(), s);
        }
        assertEquals(List.of("198.18.0.9", "198.18.0.10"), addresses("198.18.0.9-10"));
        assertEquals(List.of("223.255.255.254", "223.255.255.255"), addresses("223.255.255.254/31"));
    }

    @Test
    void specialAddressesAreRefusedAndSaySo() {
        assertEquals("target '255.255.255.255' is the broadcast address" + FLAG, refusal("255.255.255.255"));
        assertEquals("target '224.0.0.1' is a multicast address (224.0.0.0/4)" + FLAG, refusal("224.0.0.1"));
        assertEquals("target '239.255.255.250' is a multicast address (224.0.0.0/4)" + FLAG,
                refusal("239.255.255.250"));
        assertEquals("target '0.0.0.0' is the unspecified address" + FLAG, refusal("0.0.0.0"));
        assertEquals("target '::' is the unspecified address" + FLAG, refusal("::"));
        assertEquals("target 'ff02::1' is a multicast address (ff00::/8)" + FLAG, refusal("ff02::1"));
        // Java reads ::ffff:a.b.c.d as a.b.c.d
        assertEquals("target '::ffff:224.0.0.251' is a multicast address (224.0.0.0/4)" + FLAG,
                refusal("::ffff:224.0.0.251"));
    }

    @Test
    void blocksThatHoldSpecialAddressesAreRefused() {
        assertEquals("target '0.0.0.0/0' includes the unspecified address 0.0.0.0, multicast addresses (224.0.0.0/4) "
                + "and the broadcast address 255.255.255.255" + FLAG, refusal("0.0.0.0/0"));
        assertEquals("target '223.255.255.250-224.0.0.5' includes multicast addresses (224.0.0.0/4)" + FLAG,
                refusal("223.255.255.250-224.0.0.5"));
        assertEquals("target '224.0.0.1-3' includes multicast addresses (224.0.0.0/4)" + FLAG, refusal("224.0.0.1-3"));
        assertEquals("target '255.255.255.0/24' includes the broadcast address 255.255.255.255" + FLAG,
                refusal("255.255.255.0/24"));
        assertEquals("target '0.0.0.0/12' includes the unspecified address 0.0.0.0" + FLAG, refusal("0.0.0.0/12"));
        assertEquals("target 'ff02::/120' includes multicast addresses (ff00::/8)" + FLAG, refusal("ff02::/120"));
        assertEquals("target '::/108' includes the unspecified address ::" + FLAG, refusal("::/108"));
        // 240.0.0.0/4 (reserved) is not special here: the block ends short of 255.255.255.255
        assertEquals(BigInteger.valueOf(254), blockSize(TargetSpec.parse("255.255.255.1-254")));
    }

    @Test
    void theFlagLetsSpecialAddressesThroughButNeverAmbiguity() {
        assertInstanceOf(TargetSpec.Name.class, TargetSpec.parseTarget("255.255.255.255", true));
        TargetSpec.Name n = assertInstanceOf(TargetSpec.Name.class, TargetSpec.parseTarget("224.0.0.1", true));
        assertTrue(n.allowSpecial());
        assertTrue(assertInstanceOf(TargetSpec.Name.class, TargetSpec.parseTarget("bcast.test", true)).allowSpecial());
        assertEquals(List.of("224.0.0.1", "224.0.0.2"), addresses(TargetSpec.parseTarget("224.0.0.1-2", true)));
        // Still bounded: a /0 is a typo, with or without the flag.
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> TargetSpec.parseTarget("0.0.0.0/0", true));
        assertEquals("target '0.0.0.0/0' has 4294967296 addresses; at most 1048576 per block", big.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetSpec.parseTarget("0177.0.0.1", true));
        assertTrue(e.getMessage().startsWith("ambiguous address '0177.0.0.1'"), e.getMessage());
        assertEquals(false, ((TargetSpec.Name) TargetSpec.parseTarget("bcast.test", false)).allowSpecial());
    }

    @Test
    void inetAtonReadsAsGlibcDoes() {
        assertEquals("127.0.0.1", AddressCheck.inetAton("0177.0.0.1"));
        assertEquals("127.0.0.1", AddressCheck.inetAton("127.1"));
        assertEquals("127.0.0.1", AddressCheck.inetAton("2130706433"));
        assertEquals("127.0.0.1", AddressCheck.inetAton("0x7f.1"));
        assertEquals("1.2.0.3", AddressCheck.inetAton("1.2.3"));
        assertEquals("1.0.1.0", AddressCheck.inetAton("1.256"));
        assertEquals("0.0.0.0", AddressCheck.inetAton("0x"));
        assertNull(AddressCheck.inetAton("08.1.1.1"), "8 is no octal digit");
        assertNull(AddressCheck.inetAton("1.2.3.256"));
        assertNull(AddressCheck.inetAton("1.2.65536"));
        assertNull(AddressCheck.inetAton("4294967296"));
        assertNull(AddressCheck.inetAton("1.2.3.4.5"));
        assertNull(AddressCheck.inetAton("1.2.3."));
    }

    @Test
    void inputIsShownPrintable() {
        String hostile = "evil\u001b[2J\n.example";
        String m = refusal(hostile);
        assertEquals("bad target 'evil\\x1B[2J .example': not a host name, address, CIDR or range", m);
        assertEquals("ambiguous address '0177.0.0.1' in '0177.0.0.1/\\x1B[31m': a leading zero means octal to inet_aton "
                + "(127.0.0.1) but decimal to others (177.0.0.1); write it without leading zeros",
                refusal("0177.0.0.1/\u001b[31m"));
    }

    @Test
    void aHostsFileLineIsCheckedWithTheFlag(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hosts.txt");
        Files.writeString(f, "198.18.0.10\n224.0.0.1  # mDNS\n");
        TargetFile.Bad bad = assertThrows(TargetFile.Bad.class, () -> TargetFile.read(f));
        assertEquals(2, bad.line());
        assertEquals("target is a multicast address (224.0.0.0/4)" + FLAG, bad.what());
        assertEquals(List.of("198.18.0.10", "224.0.0.1"), TargetFile.read(f, true));
        Files.writeString(f, "198.18.0.10\n\n127.1\n");
        TargetFile.Bad ambiguous = assertThrows(TargetFile.Bad.class, () -> TargetFile.read(f, true));
        assertEquals(3, ambiguous.line());
        // A hosts file's lines are never quoted (the file may not be a hosts file at all): the line number says which.
        assertTrue(ambiguous.what().startsWith("ambiguous address: inet_aton fills a short form in"), ambiguous.what());
    }

    private static List<String> addresses(String spec) {
        return addresses(TargetSpec.parse(spec));
    }

    private static List<String> addresses(TargetSpec spec) {
        TargetSpec.Block b = assertInstanceOf(TargetSpec.Block.class, spec);
        List<String> out = new ArrayList<>();
        for (Iterator<InetAddress> it = b.addresses(); it.hasNext(); ) {
            out.add(it.next().getHostAddress());
        }
        return out;
    }
}
