package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;

/** Judging without a network: results are made up, the verdicts are what is tested. */
class JudgeTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    private static HostReport judge(String role, int certWarnDays, Map<Integer, MadeUp.Outcome> byPort) throws Exception {
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role(role).orElseThrow()), WindowsVersion.CURRENT,
                UnexpectedScope.parse("none", CATALOG));
        Target web = Target.resolved("web", "web", InetAddress.getByName("198.18.0.20"));
        HostResults seen = MadeUp.results(plan, web, (t, port) -> byPort.getOrDefault(port, MadeUp.Outcome.closed()));
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, certWarnDays);
        return new Judge(CATALOG, plan, Protocols.NONE, j).judge(seen, j.policy().forHost(web, List.of(role)), null);
    }

    private static MadeUp.Outcome open(Evidence service) {
        return MadeUp.Outcome.open(service);
    }

    private static PortCheck check(HostReport h, String port) {
        return h.expected().stream().filter(c -> c.transport().id().equals("tcp") && c.portText().equals(port)).findFirst()
                .orElseThrow();
    }

    @Test
    void wrongServiceAndCertificate() throws Exception {
        HostReport h = judge("web-server", 30, Map.of(
                80, open(Evidence.of("http-head", "not HTTP: SSH-2.0-OpenSSH_9.2", false)),
                443, open(new Evidence("tls", "TLSv1.3", true, Map.of("daysLeft", 12L, "notAfter", "2026-12-04T00:00:00Z")))));
        PortCheck http = check(h, "80");
        assertEquals(FindingKind.WRONG_SERVICE, http.finding());
        assertEquals("open, but does not answer as HTTP", http.message());
        PortCheck tls = check(h, "443");
        assertEquals(FindingKind.CERTIFICATE, tls.finding());
        assertEquals("certificate expires in 12 day(s) (2026-12-04T00:00:00Z)", tls.message());
        assertFalse(h.compliant());
        assertEquals(1, h.counts().get(FindingKind.WRONG_SERVICE));
        assertEquals(1, h.counts().get(FindingKind.CERTIFICATE));
    }

    @Test
    void certificateWarningWindowAndExpired() throws Exception {
        Evidence fine = new Evidence("tls", "ok", true, Map.of("daysLeft", 12L, "notAfter", "x"));
        assertEquals(FindingKind.OK, check(judge("web-server", 10, Map.of(80, open(null), 443, open(fine))), "443")
                .finding(), "12 days left is fine with a 10-day window");
        Evidence expired = new Evidence("tls", "ok", true, Map.of("daysLeft", -3L, "notAfter", "2026-11-19T00:00:00Z"));
        PortCheck c = check(judge("web-server", 0, Map.of(80, open(null), 443, open(expired))), "443");
        assertEquals(FindingKind.CERTIFICATE, c.finding());
        assertEquals("certificate expired 3 day(s) ago (2026-11-19T00:00:00Z)", c.message());
    }
}
