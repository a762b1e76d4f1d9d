package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.probes.tcp.TcpConversations;
import org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier;

/**
 * Unexpected open ports named from what answers on them, through the whole path (plan, engine, the host's
 * identification steps, judge), against fake servers on loopback port 0: each known greeting and client-first
 * answer, and listeners that say nothing of the kind.
 */
class IdentifyUnexpectedTest {
    private static final ServiceIdentifier.Settings FAST = ServiceIdentifier.Settings.defaults()
            .withWaits(Duration.ofMillis(300), Duration.ofMillis(400), Duration.ofSeconds(2)).withPerHost(4);

    /** The protocol probes of a run with nothing but identification. */
    private static Protocols identifying(ServiceIdentifier.Settings s) {
        return Protocols.NONE.identifying(s == null ? null : new ServiceIdentifier(TcpConversations.defaults(), s));
    }

    private static Map<Integer, UnexpectedPort> sweep(Path dir, List<Integer> ports, ServiceIdentifier.Settings s)
            throws Exception {
        Path f = dir.resolve("test.yaml");
        Files.writeString(f, """
                roles:
                  - id: test-role
                    name: Test role
                    description: one port on loopback
                    source: {url: "https://example.invalid/test"}
                    requirements:
                      - {protocol: Something, transport: tcp, port: 9}
                """);
        Catalog c = CatalogLoader.withUserFiles(List.of(f));
        String scope = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
        AuditPlan plan = new AuditPlan(c, List.of(c.role("test-role").orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse(scope, c));
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        Protocols p = identifying(s);
        EngineConfig cfg = EngineConfig.defaults().withTimeout(Duration.ofMillis(500)).withRetries(0);
        try (Auditor a = new Auditor(cfg, ProgressListener.NONE, null)) {
            List<HostReport> hosts = a.audit(new Auditor.Job(null, List.of(TargetSpec.parse("127.0.0.1")),
                    new Judge(c, plan, p, j), j.policy(), p, false));
            Map<Integer, UnexpectedPort> out = new LinkedHashMap<>();
            for (UnexpectedPort u : hosts.get(0).unexpected()) {
                out.put(u.port(), u);
            }
            return out;
        }
    }

    private static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A MySQL 8 protocol-10 initial handshake packet. */
    static byte[] mysqlHandshake() {
        byte[] version = "8.0.36\0".getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(10);
        p.writeBytes(version);
        p.writeBytes(new byte[] {1, 0, 0, 0}); // connection id
        p.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII)); // scramble part 1
        p.write(0); // filler
        p.writeBytes(bytes("ffff 21 0200 ffdf 15 00000000000000000000"));
        p.writeBytes("ijklmnopqrst\0mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
        byte[] payload = p.toByteArray();
        byte[] out = new byte[payload.length + 4];
        out[0] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 4, payload.length);
        return out;
    }

    @Test
    void namesEachServiceFromItsGreetingOrAnswer(@TempDir Path dir) throws Exception {
        try (FakeServers servers = new FakeServers()) {
            Map<String, Integer> port = new LinkedHashMap<>();
            port.put("ssh", servers.start(FakeServers.greets("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")));
            port.put("smtp", servers.start(FakeServers.greets("220 mail.lab.example ESMTP Postfix\r\n")));
            port.put("ftp", servers.start(FakeServers.greets("220 (vsFTPd 3.0.3)\r\n")));
            port.put("pop3", servers.start(FakeServers.greets("+OK Dovecot ready.\r\n")));
            port.put("imap", servers.start(FakeServers.greets("* OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.\r\n")));
            port.put("vnc", servers.start(FakeServers.greets("RFB 003.008\n")));
            port.put("telnet", servers.start(FakeServers.greets(bytes("fffd18 fffd20 fffd23 fffd27"))));
            port.put("mysql", servers.start(FakeServers.greets(mysqlHandshake())));
            port.put("redis", servers.start(FakeServers.answers("PING\r\n", "+PONG\r\n")));
            port.put("http", servers.start(FakeServers.answers("GET / HTTP/1.0\r\n", "HTTP/1.1 200 OK\r\n"
                    + "Server: nginx/1.22.1\r\nContent-Type: text/html\r\n\r\n<html><head><title>Welcome to\n nginx!"
                    + "</title></head></html>")));
            port.put("postgresql", servers.start(FakeServers.answers(bytes("00000008 04d2162f"), new byte[] {'N'})));
            port.put("rdp", servers.start(FakeServers.answers(bytes("0300 0013 0ee0 0000 0000 00"),
                    bytes("0300 0013 0ed0 0000 1234 00 02 00 0800 00000000"))));
            Map<Integer, UnexpectedPort> found = sweep(dir, List.copyOf(port.values()), FAST);
            port.forEach((service, p) -> {
                UnexpectedPort u = found.get(p);
                assertNotNull(u, service + " on " + p + " should be reported open");
                assertEquals(service, u.identified(), service + ": " + u.seen() + " / " + u.message());
                assertEquals(service, u.label());
                assertTrue(u.message().contains("identified as " + service), u.message());
                assertTrue(u.evidence().stream().anyMatch(e -> e.probe().equals("identify") && e.matched()),
                        service + ": the identify evidence is kept");
            });
            assertEquals("SSH: SSH-2.0-OpenSSH_9.2p1 Debian-2", found.get(port.get("ssh")).seen());
            Evidence http = identify(found.get(port.get("http")));
            assertEquals("Welcome to nginx!", http.text("title").orElse(null));
            assertEquals("nginx/1.22.1", http.text("server").orElse(null));
            assertEquals(200, http.number("status").orElse(-1));
            assertEquals("8.0.36", identify(found.get(port.get("mysql"))).text("serverVersion").orElse(null));
        }
    }

    /**
     * An unexpected port served by a TLS 1.0-only OpenSSL: the JDK's handshake finds no version in common, so
     * identification makes the partial TLS 1.0-1.2 handshake as an expected TLS port does, and the row names
     * the protocol and the certificate read in the clear instead of only the JDK's failure.
     */
    @Test
    void anUnexpectedTls10OnlyPortShowsItsProtocolAndCertificate(@TempDir Path dir) throws Exception {
        try (org.portaudit.scanner.probes.tcp.OpensslLegacyServer old =
                     new org.portaudit.scanner.probes.tcp.OpensslLegacyServer(dir, "-tls1", "DEFAULT:@SECLEVEL=0")) {
            int p = old.address.getPort();
            UnexpectedPort u = sweep(dir, List.of(p), FAST).get(p);
            assertNotNull(u, "the TLS 1.0 port should be reported open");
            assertEquals("tls", u.identified(), u.seen());
            Evidence e = identify(u);
            assertEquals("TLSv1", e.text("protocol").orElse(null), e.toString());
            assertEquals("partial", e.text("handshake").orElse(null), e.toString());
            assertEquals("CN=" + org.portaudit.scanner.probes.tcp.OpensslLegacyServer.CN,
                    e.text("subject").orElse(null), e.toString());
            assertTrue(e.text("modernHandshake").isPresent(), e.toString());
            assertTrue(u.seen().startsWith("no greeting within 300 ms; tls: TLSv1 "), u.seen());
            assertTrue(u.seen().contains("the full handshake failed"), u.seen());
        }
    }

    private static Evidence identify(UnexpectedPort u) {
        return u.evidence().stream().filter(e -> e.probe().equals("identify")).findFirst().orElseThrow();
    }

    @Test
    void namesNothingWhereTheEvidenceNamesNothing(@TempDir Path dir) throws Exception {
        try (FakeServers servers = new FakeServers()) {
            int hello = servers.start(FakeServers.greets("hello"));
            int binary = servers.start(FakeServers.greets(bytes("00 13 37 c0 ff ee 00 01 02")));
            int almostSsh = servers.start(FakeServers.greets("SSH-\r\n"));
            int almostVnc = servers.start(FakeServers.greets("RFB 3.8\n"));
            int garbageAnswers = servers.start(FakeServers.answersAnything("\u0000\u0001nope\r\n".getBytes(
                    StandardCharsets.ISO_8859_1)));
            int silent = servers.start(FakeServers.silent());
            Map<Integer, UnexpectedPort> found = sweep(dir, List.of(hello, binary, almostSsh, almostVnc,
                    garbageAnswers, silent), FAST);
            for (int p : List.of(hello, binary, almostSsh, almostVnc, garbageAnswers, silent)) {
                UnexpectedPort u = found.get(p);
                assertNotNull(u, p + " should be reported open");
                assertNull(u.identified(), p + ": " + u.seen());
                assertNotNull(u.seen(), p + ": what was seen is said");
                assertTrue(u.label().startsWith("unidentified"), u.label());
                assertTrue(u.message().contains("not identified"), u.message());
            }
            assertEquals("text greeting 'hello'", found.get(hello).seen());
            assertTrue(found.get(binary).seen().startsWith("binary greeting of 9 byte(s) '\\x00\\x137"),
                    found.get(binary).seen());
            assertTrue(found.get(garbageAnswers).seen().contains("nope"), found.get(garbageAnswers).seen());
            assertTrue(found.get(silent).seen().startsWith("silent: no greeting and no answer to tls"),
                    found.get(silent).seen());
        }
    }

    @Test
    void noIdentifyLeavesTheDictionaryNameAlone(@TempDir Path dir) throws Exception {
        try (FakeServers servers = new FakeServers()) {
            int ssh = servers.start(FakeServers.greets("SSH-2.0-OpenSSH_9.2\r\n"));
            UnexpectedPort u = sweep(dir, List.of(ssh), null).get(ssh);
            assertNull(u.identified());
            assertNull(u.seen());
            assertTrue(u.evidence().stream().noneMatch(e -> e.probe().equals("identify")));
        }
    }
}
