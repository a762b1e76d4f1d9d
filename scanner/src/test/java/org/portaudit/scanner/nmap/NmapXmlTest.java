package org.portaudit.scanner.nmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.catalog.Transport;

/**
 * The nmap XML reader: a real multi-host TCP and UDP report read whole, and each hostile or malformed input
 * refused with one printable line, quickly, without expanding an entity or reading a byte of a file it refuses.
 */
class NmapXmlTest {
    /** The shape nmap 7.93 writes for {@code nmap -sT -sU -p T:1-100,389,U:53,123,161 -oX - dc web}. */
    static final String TWO_HOSTS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE nmaprun>
            <?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
            <!-- Nmap 7.93 scan initiated as: nmap -sT -sU -p T:1-100,389,U:53,123,161 -oX - dc web -->
            <nmaprun scanner="nmap" args="nmap -sT -sU -p T:1-100,389,U:53,123,161 -oX - dc web" start="1796409069" \
            startstr="Fri Dec  4 18:31:09 2026" version="7.93" xmloutputversion="1.05">
            <scaninfo type="connect" protocol="tcp" numservices="101" services="1-100,389"/>
            <scaninfo type="udp" protocol="udp" numservices="3" services="53,123,161"/>
            <verbose level="0"/>
            <debugging level="0"/>
            <hosthint><status state="up" reason="arp-response" reason_ttl="0"/>
            <address addr="198.18.0.10" addrtype="ipv4"/></hosthint>
            <host starttime="1796409069" endtime="1796409070"><status state="up" reason="arp-response" reason_ttl="0"/>
            <address addr="198.18.0.10" addrtype="ipv4"/>
            <address addr="6E:6D:9E:C6:63:E4" addrtype="mac"/>
            <hostnames>
            <hostname name="dc" type="user"/>
            <hostname name="dc01.lab.portaudit.test" type="PTR"/>
            </hostnames>
            <ports><extraports state="closed" count="97">
            <extrareasons reason="conn-refused" count="96" proto="tcp" ports="1-22,24-52,54-87,89-100"/>
            <extrareasons reason="port-unreach" count="1" proto="udp" ports="161"/>
            </extraports>
            <port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="64"/>\
            <service name="telnet" method="table" conf="3"/></port>
            <port protocol="tcp" portid="53"><state state="open" reason="syn-ack" reason_ttl="64"/>\
            <service name="domain" product="Samba &amp; DNS" version="4.17" method="probed" conf="10"/></port>
            <port protocol="tcp" portid="88"><state state="filtered" reason="no-response" reason_ttl="0"/></port>
            <port protocol="tcp" portid="389"><state state="open" reason="syn-ack" reason_ttl="64"/>\
            <script id="ldap-rootdse" output="&#xa;  isGlobalCatalogReady: TRUE"><elem key="x">y</elem></script></port>
            <port protocol="udp" portid="53"><state state="open" reason="udp-response" reason_ttl="64"/></port>
            <port protocol="udp" portid="123"><state state="open|filtered" reason="no-response" reason_ttl="0"/></port>
            </ports>
            <times srtt="302" rttvar="289" to="100000"/>
            </host>
            <host starttime="1796409069" endtime="1796409070"><status state="up" reason="user-set" reason_ttl="0"/>
            <address addr="2001:2:0:1::20" addrtype="ipv6"/>
            <hostnames><hostname name="&lt;script&gt;alert(1)&lt;/script&gt;" type="PTR"/></hostnames>
            <ports><extraports state="closed" count="102">
            <extrareasons reason="conn-refused" count="100" proto="tcp" ports="1-79,81-100,389"/>
            <extrareasons reason="port-unreach" count="2" proto="udp" ports="53,161"/>
            </extraports>
            <port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="64"/></port>
            <port protocol="udp" portid="123"><state state="closed|filtered" reason="no-response" reason_ttl="0"/></port>
            <port protocol="sctp" portid="80"><state state="open" reason="init-ack" reason_ttl="64"/></port>
            </ports>
            </host>
            <host><status state="down" reason="no-response" reason_ttl="0"/>
            <address addr="198.18.0.30" addrtype="ipv4"/></host>
            <runstats><finished time="1796409070" timestr="Fri Dec  4 18:31:10 2026" elapsed="1.46" exit="success"/>\
            <hosts up="2" down="1" total="3"/></runstats>
            </nmaprun>
            """;

    @TempDir
    Path dir;

    private static NmapXml.Run parse(String xml) {
        return NmapXml.read("scan.xml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Refused: one printable line naming the file, in well under a second of work. */
    private static String refused(String xml) {
        return refused(() -> parse(xml));
    }

    private static String refused(org.junit.jupiter.api.function.Executable read) {
        NmapXml.Bad bad = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(NmapXml.Bad.class, read));
        String m = bad.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), m);
        assertTrue(m.chars().allMatch(c -> c >= 0x20), m);
        assertTrue(m.length() < 500, m);
        assertFalse(m.contains("Exception") || m.contains("javax."), m);
        return m;
    }

    @Test
    void readsAMultiHostTcpAndUdpReport() {
        NmapXml.Run run = parse(TWO_HOSTS);
        assertEquals("nmap", run.scanner());
        assertEquals("7.93", run.version());
        assertEquals("nmap -sT -sU -p T:1-100,389,U:53,123,161 -oX - dc web", run.args());
        assertEquals(Instant.ofEpochSecond(1796409069L), run.start());
        assertEquals(Instant.ofEpochSecond(1796409070L), run.finished());
        assertEquals("connect/tcp, udp/udp", run.scanTypes());
        assertEquals(3, run.hosts().size());

        NmapXml.Host dc = run.hosts().get(0);
        assertEquals("198.18.0.10", dc.address());
        assertEquals("dc", dc.userName());
        assertEquals("dc01.lab.portaudit.test", dc.ptrName());
        assertEquals("up", dc.status());
        assertEquals(4, dc.tcp().size());
        assertEquals(2, dc.udp().size());
        NmapXml.Port dns = dc.tcp().get(53);
        assertEquals(NmapXml.State.OPEN, dns.state());
        assertEquals("syn-ack", dns.reason());
        assertEquals(64, dns.reasonTtl());
        assertEquals("domain", dns.service());
        assertEquals("Samba & DNS", dns.product());
        assertEquals("probed", dns.method());
        assertEquals(NmapXml.State.OPEN_FILTERED, dc.udp().get(123).state());
        assertEquals(NmapXml.State.FILTERED, dc.tcp().get(88).state());

        // A listed port, a port of the extraports (named by extrareasons), a port nmap never scanned.
        assertEquals(dns, ((NmapXml.Lookup.Seen) run.lookup(dc, Transport.TCP, 53)).port());
        NmapXml.Port folded = ((NmapXml.Lookup.Seen) run.lookup(dc, Transport.TCP, 22)).port();
        assertEquals(NmapXml.State.CLOSED, folded.state());
        assertEquals("conn-refused", folded.reason());
        assertFalse(folded.listed());
        assertEquals(NmapXml.State.CLOSED, ((NmapXml.Lookup.Seen) run.lookup(dc, Transport.UDP, 161)).port().state());
        NmapXml.Lookup notScanned = run.lookup(dc, Transport.TCP, 445);
        assertEquals("not scanned: nmap's connect scan did not cover 445/tcp",
                ((NmapXml.Lookup.NotScanned) notScanned).why());
        assertInstanceOf(NmapXml.Lookup.NotScanned.class, run.lookup(dc, Transport.UDP, 88));

        NmapXml.Host web = run.hosts().get(1);
        assertEquals("2001:2:0:1::20", web.address());
        assertNull(web.ptrName(), "a PTR name that is not a host name is dropped");
        assertNull(web.userName());
        assertEquals(NmapXml.State.CLOSED_FILTERED, web.udp().get(123).state());
        assertEquals(1, web.tcp().size(), "sctp ports are not kept: " + web.tcp());
        assertEquals(NmapXml.State.CLOSED, ((NmapXml.Lookup.Seen) run.lookup(web, Transport.TCP, 389)).port().state());

        assertEquals("down", run.hosts().get(2).status());
        assertEquals("no-response", run.hosts().get(2).statusReason());
    }

    @Test
    void extraportsWithoutPortListsAreUsedOnlyWhenTheyCanOnlyMeanTheUnlistedPorts() {
        // Before nmap 7.90 extrareasons named no ports: one extraports element of exactly the unlisted count.
        String one = """
                <?xml version="1.0"?><nmaprun scanner="nmap" version="7.80" args="nmap -p 1-10 h">
                <scaninfo type="syn" protocol="tcp" numservices="10" services="1-10"/>
                <host><status state="up"/><address addr="192.0.2.1" addrtype="ipv4"/>
                <ports><extraports state="filtered" count="9"><extrareasons reason="no-responses" count="9"/></extraports>
                <port protocol="tcp" portid="3"><state state="open" reason="syn-ack"/></port></ports></host>
                </nmaprun>""";
        NmapXml.Run run = parse(one);
        NmapXml.Host h = run.hosts().get(0);
        NmapXml.Port p = ((NmapXml.Lookup.Seen) run.lookup(h, Transport.TCP, 7)).port();
        assertEquals(NmapXml.State.FILTERED, p.state());
        assertEquals("no-responses", p.reason());
        // Two states folded without ports: which port is in which cannot be told.
        NmapXml.Run two = parse(one.replace("<port protocol", "<extraports state=\"closed\" count=\"0\"/><port protocol"));
        NmapXml.Lookup l = two.lookup(two.hosts().get(0), Transport.TCP, 7);
        assertEquals("scanned, but nmap folded 7/tcp into its extraports (filtered, closed) without naming which "
                + "ports are in which state", ((NmapXml.Lookup.Unknown) l).why());
        // A count that does not add up (a host cut short): not taken either.
        NmapXml.Run off = parse(one.replace("count=\"9\"><extra", "count=\"5\"><extra"));
        assertInstanceOf(NmapXml.Lookup.Unknown.class, off.lookup(off.hosts().get(0), Transport.TCP, 7));
    }

    private static String billionLaughs() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return sb.append("]>\n<nmaprun scanner=\"nmap\" args=\"&lol9;\">&lol9;</nmaprun>\n").toString();
    }

    @Test
    void aDoctypeWithDeclarationsIsRefusedBeforeAnyEntity() {
        String doctype = "a DOCTYPE with declarations or an external DTD is refused";
        assertTrue(refused(billionLaughs()).startsWith("scan.xml:13: " + doctype), refused(billionLaughs()));
        String external = refused("<?xml version=\"1.0\"?><!DOCTYPE nmaprun [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<nmaprun scanner=\"nmap\">&x;</nmaprun>");
        assertTrue(external.contains(doctype), external);
        assertFalse(external.contains("root:"), external);
        assertTrue(refused("<?xml version=\"1.0\"?><!DOCTYPE nmaprun SYSTEM \"http://198.18.0.1:9/nmap.dtd\">"
                + "<nmaprun scanner=\"nmap\"/>").contains(doctype));
        // Parameter entities, expanded inside the DOCTYPE itself by a parser that reads DTDs.
        assertTrue(refused("<?xml version=\"1.0\"?><!DOCTYPE nmaprun [<!ENTITY % p \"<!ENTITY q 'x'>\"> %p;]>"
                + "<nmaprun scanner=\"nmap\">&q;</nmaprun>").contains(doctype));
        // An entity never declared (no DOCTYPE at all): the parser's own refusal, one line.
        String undeclared = refused("<?xml version=\"1.0\"?><nmaprun scanner=\"nmap\">&lol;</nmaprun>");
        assertTrue(undeclared.startsWith("scan.xml:1: not a readable nmap XML report: The entity \"lol\" was "
                + "referenced, but not declared."), undeclared);
    }

    @Test
    void malformedOrForeignReportsAreRefusedInOneLine() {
        String truncated = TWO_HOSTS.substring(0, TWO_HOSTS.indexOf("<port protocol=\"udp\" portid=\"53\">"));
        assertTrue(refused(truncated).contains("not a readable nmap XML report: XML document structures must start "
                + "and end within the same entity."), refused(truncated));
        assertTrue(refused("").startsWith("scan.xml:1: not a readable nmap XML report"), refused(""));
        assertTrue(refused("\u0000\u0001binary\u00ff").contains("not a readable nmap XML report"));
        assertEquals("scan.xml:1: not an nmap XML report: the root element is <html>, not <nmaprun>",
                refused("<html><body>nmap</body></html>"));
        assertEquals("scan.xml:1: not an nmap XML report: the root element is <nmaprun> without scanner=\"nmap\"",
                refused("<nmaprun scanner=\"masscan\"></nmaprun>"));
        assertTrue(refused(TWO_HOSTS + "<nmaprun scanner=\"nmap\"/>").contains("not a readable nmap XML report"));
        assertTrue(refused(TWO_HOSTS.replace("portid=\"88\"", "portid=\"70000\""))
                .contains("bad portid of <port>: '70000' is not a port 0-65535"));
        assertTrue(refused(TWO_HOSTS.replace("portid=\"88\"", "portid=\"53\"")).contains("port 53/tcp is listed twice "
                + "for host 198.18.0.10"));
        assertTrue(refused(TWO_HOSTS.replace("state=\"filtered\"", "state=\"wide-open\""))
                .contains("unknown port state 'wide-open'"));
        assertTrue(refused(TWO_HOSTS.replace("services=\"1-100,389\"", "services=\"1-100,x\""))
                .contains("bad services of <scaninfo>: 'x' is not a port 0-65535"));
        assertTrue(refused(TWO_HOSTS.replace("<address addr=\"198.18.0.30\" addrtype=\"ipv4\"/>", ""))
                .contains("a <host> without an IPv4 or IPv6 address"));
        assertTrue(refused(TWO_HOSTS.replace("exit=\"success\"", "exit=\"error\" errormsg=\"bad target\""))
                .contains("nmap says its run failed: bad target"));
    }

    @Test
    void hugeValuesAndDeepNestingAreRefused() {
        String deep = "<nmaprun scanner=\"nmap\">" + "<a>".repeat(100) + "</a>".repeat(100) + "</nmaprun>";
        assertTrue(refused(deep).contains("elements nested deeper than 64"), refused(deep));
        String longAttr = "<nmaprun scanner=\"nmap\" args=\"" + "x".repeat(NmapXml.MAX_VALUE + 1) + "\"/>";
        assertTrue(refused(longAttr).contains("attribute args of <nmaprun> is longer than 1048576 characters"));
        String longText = "<nmaprun scanner=\"nmap\"><verbose>" + "y".repeat(NmapXml.MAX_VALUE + 1)
                + "</verbose></nmaprun>";
        // The parser hands a long text over in pieces of 16 Ki characters: their run is what is bounded.
        assertTrue(refused(longText).contains("a text node is longer than 1048576 characters"), refused(longText));
        assertEquals(1, parse("<nmaprun scanner=\"nmap\"><verbose>" + "y".repeat(NmapXml.MAX_VALUE / 2)
                + "</verbose><verbose>" + "y".repeat(NmapXml.MAX_VALUE / 2) + "</verbose><host><address addr=\"192.0.2.1\" "
                + "addrtype=\"ipv4\"/></host></nmaprun>").hosts().size(), "two texts under the bound are one each");
    }

    @Test
    void filesAreCheckedBeforeTheyAreRead() throws Exception {
        Path big = dir.resolve("big.xml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(NmapXml.MAX_BYTES + 1); // sparse: refused on its size, never read
        }
        assertEquals(big + ": larger than 64 MiB (67108865 bytes)", refused(() -> NmapXml.read(big)));
        Path fifo = dir.resolve("fifo.xml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        assertEquals(fifo + ": not a regular file (a FIFO)", refused(() -> NmapXml.read(fifo)));
        assertEquals(dir + ": not a regular file (a directory)", refused(() -> NmapXml.read(dir)));
        assertEquals(dir.resolve("none.xml") + ": no such file", refused(() -> NmapXml.read(dir.resolve("none.xml"))));
        Path ok = Files.writeString(dir.resolve("ok.xml"), TWO_HOSTS);
        assertEquals(3, NmapXml.read(ok).hosts().size());
        assertEquals(ok.toString(), NmapXml.read(ok).file());
    }

    @Test
    void portSets() {
        PortSet s = PortSet.parse("3389, 1-79,81-100,0,80");
        assertEquals("0-100,3389", s.toString());
        assertEquals(102, s.size());
        assertTrue(s.contains(0) && s.contains(80) && s.contains(3389));
        assertFalse(s.contains(101) || s.contains(3388) || s.contains(65535));
        assertEquals(0, PortSet.parse("").size());
        assertEquals(65536, PortSet.parse("0-65535").size());
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse("10-5"));
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse("65536"));
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse("1,,2"));
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse("T:80"));
    }
}
