package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.scanner.probes.tcp.identify.Identification;

/** An unexpected port's name, when what answered there contradicts the port dictionary, or confirms a service. */
class IdentifiedJudgeTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    private static HostReport judge(int port, Identification id) throws Exception {
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role("web-server").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse(Integer.toString(port), CATALOG));
        Target web = Target.resolved("web", "web", InetAddress.getByName("198.18.0.20"));
        HostResults seen = MadeUp.results(plan, web, (t, p) -> t == Transport.TCP && p == port
                ? MadeUp.Outcome.open(null) : MadeUp.Outcome.closed());
        seen.identified(port, id);
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        return new Judge(CATALOG, plan, Protocols.NONE, j).judge(seen, j.policy().forHost(web, List.of("web-server")),
                null);
    }

    @Test
    void helloOnTheRdpPortIsNotCalledRdp() throws Exception {
        String dictionary = CATALOG.nameOf(3389, Transport.TCP);
        assertTrue(dictionary != null && !dictionary.isBlank(), "the dictionary names 3389");
        Evidence hello = new Evidence("identify", "text greeting 'hello'", false,
                Map.of("via", "greeting", "conclusive", true));
        HostReport h = judge(3389, new Identification(null, "text greeting 'hello'", hello));
        UnexpectedPort u = h.unexpected().get(0);
        assertEquals(3389, u.port());
        assertEquals(dictionary, u.name(), "the dictionary's name stays, as the dictionary's");
        assertEquals(null, u.identified());
        assertEquals("unidentified (dictionary: " + dictionary + "; seen: text greeting 'hello')", u.label());
        assertEquals("open; no chosen role expects it; not identified: seen text greeting 'hello'; the port "
                + "dictionary's '" + dictionary + "' is a guess from the number only", u.message());
        assertTrue(u.evidence().contains(hello));
        StringWriter out = new StringWriter();
        java.time.Instant now = java.time.Instant.now();
        new ConsoleRenderer(false, false).render(AuditRequest.report(now, now, new org.portaudit.reports.model
                .RunOptions(List.of("web"), List.of("web-server"), "2025", "3389", List.of(), 300, 1, 64, 0, false, null),
                List.of(h), List.of(), null), out);
        assertTrue(out.toString().contains("unidentified (dictionary: " + dictionary), out.toString());
    }

    @Test
    void anIdentifiedServiceIsNamedByItsEvidence() throws Exception {
        Evidence ssh = new Evidence("identify", "SSH: SSH-2.0-OpenSSH_9.2", true, Map.of("service", "ssh"));
        UnexpectedPort u = judge(3389, new Identification("ssh", "SSH: SSH-2.0-OpenSSH_9.2", ssh)).unexpected().get(0);
        assertEquals("ssh", u.identified());
        assertEquals("ssh", u.label());
        assertTrue(u.message().endsWith("identified as ssh (SSH: SSH-2.0-OpenSSH_9.2); port dictionary: "
                + u.name()), u.message());
        assertFalse(u.label().contains(u.name()));
    }
}
