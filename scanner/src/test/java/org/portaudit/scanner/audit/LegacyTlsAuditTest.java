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
    @Test
    void aTls10OnlyRolePortIsWeakTlsWithItsCertificateChecked(@TempDir Path dir) throws Exception {
        try (OpensslLegacyServer old = new OpensslLegacyServer(dir, "-tls1", "DEFAULT:@SECLEVEL=0")) {
            int port = old.address.getPort();
            Path f = dir.resolve("tls.yaml");
            Files.writeString(f, """
                    roles:
                      - id: tls-role
                        name: TLS role
                        description: one TLS port on loopback
                        source: {url: "https://example.invalid/tls"}
                        requirements:
                          - {protocol: LDAPS, transport: tcp, port: %d}
                    """.formatted(port));
            Catalog c = CatalogLoader.withUserFiles(List.of(f));
            AuditPlan plan = new AuditPlan(c, List.of(c.role("tls-role").orElseThrow()), WindowsVersion.CURRENT,
                    UnexpectedScope.parse("none", c));
            TcpConversation tls = TcpConversations.defaults().forProtocol("tls").orElseThrow();
            Protocols protocols = new Protocols() {
                @Override
                public Optional<TcpConversation> tcp(int p) {
                    return p == port ? Optional.of(tls) : Optional.empty();
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
            PortCheck check = hosts.get(0).expected().get(0);
            assertEquals(FindingKind.WEAK_TLS, check.finding(), check.toString());
            assertTrue(check.message().contains("the best protocol the server offers is TLSv1,"), check.message());
            Evidence service = check.evidence().get(check.evidence().size() - 1);
            assertEquals("TLSv1", service.details().get("protocol"), service.toString());
            assertEquals("CN=" + OpensslLegacyServer.CN, service.details().get("subject"));
            assertTrue(service.text("modernHandshake").isPresent(), service.toString());
            assertTrue(service.summary().contains("partial handshake"), service.summary());
        }
    }
}
