package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.scanner.engine.EngineConfig;

/** The whole audit path (plan, engine, judge) against listeners on loopback port 0. */
class AuditorTest {
    private static final RunOptions OPTIONS = new RunOptions(List.of("test"), List.of("test-role"), "2025", "list",
            List.of(), 300, 1, 64, 0, true, null);

    /** The path scan takes: one job on a fresh auditor, then the report; no target resolved is a run failure. */
    private static AuditReport run(Catalog c, AuditPlan plan, EngineConfig cfg, List<TargetSpec> targets) {
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        try (Auditor a = new Auditor(cfg, ProgressListener.NONE, null)) {
            List<HostReport> hosts = AuditRequest.requireResolved(a.audit(new Auditor.Job(null, targets,
                    new Judge(c, plan, Protocols.NONE, j), j.policy(), Protocols.NONE, false)));
            java.time.Instant now = java.time.Instant.now();
            return AuditRequest.report(now, now, OPTIONS, hosts, List.of(), null);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Catalog catalog(Path dir, int open, int closed, int silentUdp, int optionalClosed) throws Exception {
        Path f = dir.resolve("test.yaml");
        Files.writeString(f, """
                roles:
                  - id: test-role
                    name: Test role
                    description: ports on loopback
                    source: {url: "https://example.invalid/test"}
                    requirements:
                      - {protocol: RPC dynamic ports, transport: tcp, port: dynamic-rpc}
                      - {protocol: Open service, transport: tcp, port: %d}
                      - {protocol: Closed service, transport: tcp, port: %d}
                      - {protocol: Silent UDP, transport: udp, port: %d}
                      - {protocol: Optional thing, transport: tcp, port: %d, level: optional, reason: rarely used}
                      - {protocol: GRE, transport: ip, port: 47}
                """.formatted(open, closed, silentUdp, optionalClosed));
        return CatalogLoader.withUserFiles(List.of(f));
    }

    private static PortCheck check(HostReport h, String transport, String port) {
        return h.expected().stream().filter(c -> c.transport().id().equals(transport) && c.portText().equals(port)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + port + "/" + transport));
    }

    private static AuditReport audit(Catalog c, String unexpected, InetAddress target) {
        AuditPlan plan = new AuditPlan(c, List.of(c.role("test-role").orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse(unexpected, c));
        EngineConfig cfg = EngineConfig.defaults().withTimeout(Duration.ofMillis(300)).withRetries(1);
        return run(c, plan, cfg, List.of(TargetSpec.parse(target.getHostAddress())));
    }

    @Test
    void judgesRequiredBlockedUnexpectedOpenUnverifiedAndNotChecked(@TempDir Path dir) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket open = new ServerSocket(0, 50, lo); ServerSocket stray = new ServerSocket(0, 50, lo);
             DatagramSocket silent = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            int closed = closedPort();
            int optionalClosed = closedPort();
            Catalog c = catalog(dir, open.getLocalPort(), closed, silent.getLocalPort(), optionalClosed);
            AuditReport r = audit(c, stray.getLocalPort() + "," + closedPort(), lo);
            assertEquals(1, r.hosts().size());
            HostReport h = r.hosts().get(0);
            assertEquals("127.0.0.1", h.address());
            assertFalse(h.compliant());
            assertFalse(r.compliant());

            PortCheck ok = check(h, "tcp", Integer.toString(open.getLocalPort()));
            assertEquals(FindingKind.OK, ok.finding());
            assertEquals(PortState.OPEN, ok.state());
            assertTrue(ok.rttMillis() != null && ok.rttMillis() >= 0);

            PortCheck blocked = check(h, "tcp", Integer.toString(closed));
            assertEquals(FindingKind.REQUIRED_BLOCKED, blocked.finding());
            assertEquals(PortState.CLOSED, blocked.state());
            assertEquals("required port is closed", blocked.message());

            PortCheck udp = check(h, "udp", Integer.toString(silent.getLocalPort()));
            assertEquals(FindingKind.UNVERIFIED, udp.finding());
            assertEquals(PortState.OPEN_FILTERED, udp.state());
            assertEquals(2, udp.attempts(), "one retry after silence");

            PortCheck optional = check(h, "tcp", Integer.toString(optionalClosed));
            assertEquals(FindingKind.OK, optional.finding(), "an optional port may be closed");
            assertTrue(optional.message().contains("rarely used"), optional.message());

            PortCheck gre = check(h, "ip", "47");
            assertEquals(FindingKind.NOT_CHECKED, gre.finding());
            assertNull(gre.state());
            PortCheck rpc = check(h, "tcp", "dynamic-rpc");
            assertEquals(FindingKind.NOT_CHECKED, rpc.finding(), "never a pass without the endpoint mapper");

            assertEquals(1, h.unexpected().size(), "only the open stray listener, not the closed one");
            assertEquals(stray.getLocalPort(), h.unexpected().get(0).port());
            assertEquals(FindingKind.UNEXPECTED_OPEN, h.unexpected().get(0).finding());

            assertEquals(1, h.counts().get(FindingKind.REQUIRED_BLOCKED));
            assertEquals(1, h.counts().get(FindingKind.UNEXPECTED_OPEN));
            assertEquals(1, h.counts().get(FindingKind.UNVERIFIED));
            // Findings come first.
            assertEquals(FindingKind.REQUIRED_BLOCKED, h.expected().get(0).finding());
            assertEquals(r.summary().findings().get(FindingKind.REQUIRED_BLOCKED), 1);
        }
    }

    @Test
    void ipv6LoopbackAndCompliantHost(@TempDir Path dir) throws Exception {
        InetAddress lo6 = InetAddress.getByName("::1");
        try (ServerSocket open = new ServerSocket(0, 50, lo6); ServerSocket opt = new ServerSocket(0, 50, lo6);
             ServerSocket also = new ServerSocket(0, 50, lo6);
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo6, 0))) {
            Catalog c = catalog(dir, open.getLocalPort(), also.getLocalPort(), udp.getLocalPort(), opt.getLocalPort());
            AuditReport r = audit(c, "none", lo6);
            HostReport h = r.hosts().get(0);
            assertEquals("::1", InetAddress.getByName(h.address()).getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
            assertEquals(0, h.counts().get(FindingKind.REQUIRED_BLOCKED));
            assertEquals(0, h.counts().get(FindingKind.UNEXPECTED_OPEN));
            // The silent UDP port is unverified, which does not fail the run by default.
            assertEquals(1, h.counts().get(FindingKind.UNVERIFIED));
            assertTrue(h.compliant(), h.toString());
            assertTrue(r.compliant());
        }
    }

    @Test
    void unresolvableNameIsAHostErrorAndNoTargetIsARunFailure(@TempDir Path dir) throws Exception {
        Catalog c = catalog(dir, closedPort(), closedPort(), closedPort(), closedPort());
        AuditPlan plan = new AuditPlan(c, List.of(c.role("test-role").orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse("none", c));
        EngineConfig cfg = EngineConfig.defaults().withTimeout(Duration.ofMillis(200));
        // Names come from the test hosts file (jdk.net.hosts.file): nothing asks a DNS server.
        AuditReport r = run(c, plan, cfg, List.of(TargetSpec.parse("localhost"), TargetSpec.parse("no-such-host.invalid")));
        assertEquals(2, r.hosts().size());
        assertEquals("localhost", r.hosts().get(0).target());
        HostReport bad = r.hosts().get(1);
        assertEquals("host name 'no-such-host.invalid' does not resolve", bad.error());
        assertNull(bad.address());
        assertEquals(1, r.summary().errors());
        Auditor.RunFailure f = assertThrows(Auditor.RunFailure.class,
                () -> run(c, plan, cfg, List.of(TargetSpec.parse("no-such-host.invalid"))));
        assertTrue(f.getMessage().startsWith("no target resolved"), f.getMessage());
    }

    @Test
    void blocksExpandLazilyAndInOrder(@TempDir Path dir) throws Exception {
        Catalog c = catalog(dir, closedPort(), closedPort(), closedPort(), closedPort());
        AuditPlan plan = new AuditPlan(c, List.of(c.role("test-role").orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse("none", c));
        AuditReport r = run(c, plan, EngineConfig.defaults().withTimeout(Duration.ofMillis(200)).withRetries(0),
                List.of(TargetSpec.parse("127.0.0.1-4")));
        assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"),
                r.hosts().stream().map(HostReport::address).toList());
    }
}
