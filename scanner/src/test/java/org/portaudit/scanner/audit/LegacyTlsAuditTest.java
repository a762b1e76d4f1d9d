package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.UdpPayload;
import org.portaudit.scanner.probes.tcp.OpensslLegacyServer;
import org.portaudit.scanner.probes.tcp.TcpConversations;

/**
 * A role's TLS port served by a real TLS 1.0-only OpenSSL, audited end to end: the JDK's handshake fails,
 * the host's scan makes a second connection with the partial handshake, and the judge sees the certificate
 * and gives weak-tls, naming the protocol.
 */
class LegacyTlsAuditTest {
    /** Audits one role port on loopback whose first conversation is {@code protocol}'s; its row. */
    private static PortCheck auditOne(Path dir, int port, String protocol, String word) throws Exception {
        Path f = dir.resolve("tls.yaml");
        Files.writeString(f, """
                roles:
                  - id: tls-role
                    name: TLS role
                    description: one TLS port on loopback
                    source: {url: "https://example.invalid/tls"}
                    requirements:
                      - {protocol: %s, transport: tcp, port: %d}
                """.formatted(protocol, port));
        Catalog c = CatalogLoader.withUserFiles(List.of(f));
        AuditPlan plan = new AuditPlan(c, List.of(c.role("tls-role").orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse("none", c));
        TcpConversation first = TcpConversations.defaults().forProtocol(word).orElseThrow();
        Protocols protocols = new Protocols() {
            @Override
            public Optional<TcpConversation> tcp(int p) {
                return p == port ? Optional.of(first) : Optional.empty();
            }

            @Override
            public List<UdpPayload> udp(int p) {
                return List.of();
            }

            @Override
            public Optional<String> udpUnprovable(int p) {
                return Optional.empty();
            }
        };
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 7);
        List<HostReport> hosts;
        try (Auditor a = new Auditor(EngineConfig.defaults().withTimeout(Duration.ofMillis(1000)),
                ProgressListener.NONE, null)) {
            hosts = a.audit(new Auditor.Job(null, List.of(TargetSpec.parse("127.0.0.1")),
                    new Judge(c, plan, protocols, j), j.policy(), protocols, false));
        }
        return hosts.get(0).expected().get(0);
    }

    private static void assertWeakWithCertificate(PortCheck check, String probe) {
        assertEquals(FindingKind.WEAK_TLS, check.finding(), check.toString());
        assertTrue(check.message().contains("the best protocol the server offers is TLSv1,"), check.message());
        Evidence service = check.evidence().get(check.evidence().size() - 1);
        assertEquals(probe, service.probe(), service.toString());
        assertEquals("TLSv1", service.details().get("protocol"), service.toString());
        assertEquals("CN=" + OpensslLegacyServer.CN, service.details().get("subject"));
        assertTrue(service.text("modernHandshake").isPresent(), service.toString());
        assertTrue(service.summary().contains("partial handshake"), service.summary());
    }

    @Test
    void aTls10OnlyRolePortIsWeakTlsWithItsCertificateChecked(@TempDir Path dir) throws Exception {
        try (OpensslLegacyServer old = new OpensslLegacyServer(dir, "-tls1", "DEFAULT:@SECLEVEL=0")) {
            assertWeakWithCertificate(auditOne(dir, old.address.getPort(), "LDAPS", "tls"), "tls");
        }
    }

    /**
     * Issue 12: an old Windows offering RDP over TLS 1.0 only. A front that answers the X.224 Connection Request
     * with a Confirm selecting TLS (MS-RDPBCGR 2.2.1.2), then relays to a TLS 1.0-only OpenSSL: the JDK's
     * handshake after the negotiation fails, the second try negotiates again and reads the certificate.
     */
    @Test
    void anRdpPortWithTls10OnlyIsWeakTlsWithItsCertificateChecked(@TempDir Path dir) throws Exception {
        try (OpensslLegacyServer old = new OpensslLegacyServer(dir, "-tls1", "DEFAULT:@SECLEVEL=0");
             RdpFront front = new RdpFront(old.address)) {
            PortCheck check = auditOne(dir, front.port(), "RDP", "rdp");
            assertWeakWithCertificate(check, "rdp-tls");
            Evidence service = check.evidence().get(check.evidence().size() - 1);
            assertEquals("SSL", service.details().get("rdpSelectedProtocol"), service.toString());
            assertTrue(front.negotiations() >= 2, "the second try negotiated X.224 again: " + front.negotiations());
        }
    }

    /** Answers each connection's X.224 Connection Request with a Confirm selecting TLS, then relays to {@code tls}. */
    private static final class RdpFront implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 8,
                java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger negotiations = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread acceptor;

        RdpFront(java.net.InetSocketAddress tls) throws java.io.IOException {
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket client = server.accept();
                        Thread t = new Thread(() -> serve(client, tls), "rdp-front");
                        t.setDaemon(true);
                        t.start();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "rdp-front-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int negotiations() {
            return negotiations.get();
        }

        private void serve(java.net.Socket client, java.net.InetSocketAddress tls) {
            try (client; java.net.Socket back = new java.net.Socket(tls.getAddress(), tls.getPort())) {
                byte[] cr = client.getInputStream().readNBytes(19);
                if (cr.length < 19 || cr[0] != 3 || (cr[5] & 0xff) != 0xe0) {
                    return;
                }
                negotiations.incrementAndGet();
                // TPKT 19 bytes; X.224 CC (LI 14, 0xd0); RDP_NEG_RSP type 2, flags 0, length 8, selected PROTOCOL_SSL
                client.getOutputStream().write(new byte[] {3, 0, 0, 19, 14, (byte) 0xd0, 0, 0, 0, 0, 0,
                        2, 0, 8, 0, 1, 0, 0, 0});
                Thread up = new Thread(() -> relay(client, back), "rdp-front-up");
                up.setDaemon(true);
                up.start();
                relay(back, client);
            } catch (java.io.IOException e) {
                // the prober closed: nothing to serve
            }
        }

        private static void relay(java.net.Socket from, java.net.Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (java.io.IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }
}
