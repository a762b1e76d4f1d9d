package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;

/** Verdicts drawn from the host's evidence as a whole (issue 12), on made-up results of a domain controller. */
class HostKnowledgeJudgeTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    private static HostReport dc(Map<String, MadeUp.Outcome> seen) throws Exception {
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role("domain-controller").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse("none", CATALOG));
        Target t = Target.resolved("dc01", "dc01", InetAddress.getByName("198.18.0.10"));
        HostResults r = MadeUp.results(plan, t, (tr, port) -> seen.getOrDefault(port + "/" + tr.id(),
                MadeUp.Outcome.closed()));
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        return new Judge(CATALOG, plan, Protocols.NONE, j).judge(r, j.policy().forHost(t, plan.roleIds()), null);
    }

    private static PortCheck row(HostReport h, Transport t, int port) {
        return h.expected().stream().filter(c -> c.transport() == t && Integer.valueOf(port).equals(c.port()))
                .findFirst().orElseThrow();
    }

    private static MadeUp.Outcome rootDse(String gc) {
        return MadeUp.Outcome.open(new Evidence("ldap-rootdse", "LDAP rootDSE of DC01", true, gc == null
                ? Map.of("dnsHostName", "DC01") : Map.of("dnsHostName", "DC01", "isGlobalCatalogReady", gc)));
    }

    @Test
    void aGlobalCatalogsClosedGcOverTlsPortIsRequiredBlockedAndSaysWhy() throws Exception {
        HostReport gc = dc(Map.of("389/tcp", rootDse("TRUE"), "3268/tcp", rootDse("TRUE")));
        PortCheck tls = row(gc, Transport.TCP, 3269);
        assertEquals(PortState.CLOSED, tls.state());
        assertEquals(FindingKind.REQUIRED_BLOCKED, tls.finding());
        assertEquals(Level.REQUIRED, tls.level());
        assertTrue(tls.message().startsWith("required port is closed; required here: the rootDSE (ldap-rootdse) says "
                + "this DC is a global catalog (isGlobalCatalogReady TRUE)"), tls.message());
        // The same closed port on a DC whose rootDSE says it is no global catalog stays a conditional ok.
        HostReport notGc = dc(Map.of("389/tcp", rootDse("FALSE")));
        assertEquals(FindingKind.OK, row(notGc, Transport.TCP, 3269).finding());
        assertEquals(Level.CONDITIONAL, row(notGc, Transport.TCP, 3269).level());
        assertEquals(FindingKind.OK, row(dc(Map.of("389/tcp", rootDse(null))), Transport.TCP, 3269).finding(),
                "no evidence either way: the condition is not decided");
    }

    @Test
    void aSilentUdpKdcThatAnswersOverTcpIsBlockedAndTheStateStaysOpenFiltered() throws Exception {
        MadeUp.Outcome silent = new MadeUp.Outcome(PortState.OPEN_FILTERED, null);
        MadeUp.Outcome krb = MadeUp.Outcome.open(new Evidence("kerberos-as-req", "KRB-ERROR 6 from realm LAB", true,
                Map.of()));
        PortCheck udp = row(dc(Map.of("88/tcp", krb, "88/udp", silent)), Transport.UDP, 88);
        assertEquals(PortState.OPEN_FILTERED, udp.state());
        assertEquals(FindingKind.REQUIRED_BLOCKED, udp.finding());
        assertTrue(udp.message().contains("while 88/tcp on this host answers the same service (kerberos-as-req: "
                + "KRB-ERROR 6 from realm LAB)"), udp.message());
        // Without a TCP answer, silence proves nothing: unverified, as before.
        assertEquals(FindingKind.UNVERIFIED, row(dc(Map.of("88/udp", silent)), Transport.UDP, 88).finding());
        // A TCP port that is open but does not answer as Kerberos is no evidence either.
        MadeUp.Outcome garbage = MadeUp.Outcome.open(Evidence.of("kerberos-as-req", "not Kerberos", false));
        assertEquals(FindingKind.UNVERIFIED, row(dc(Map.of("88/tcp", garbage, "88/udp", silent)), Transport.UDP, 88)
                .finding());
    }

    @Test
    void anIkeAnswerOn500MakesNatTraversalRequired() throws Exception {
        MadeUp.Outcome ike = MadeUp.Outcome.open(new Evidence("udp:ike-sa-init", "IKEv2 SA_INIT response", true,
                Map.of()));
        PortCheck natT = row(dc(Map.of("500/udp", ike)), Transport.UDP, 4500);
        assertEquals(FindingKind.REQUIRED_BLOCKED, natT.finding());
        assertTrue(natT.message().contains("500/udp answered an IKE request (IKEv2 SA_INIT response)"), natT.message());
        assertEquals(FindingKind.OK, row(dc(Map.of()), Transport.UDP, 4500).finding(), "no IPsec seen: conditional");
    }

    @Test
    void aFilteredConditionalPortIsDroppedNotOkAndAClosedOneStaysOk() throws Exception {
        HostReport h = dc(Map.of("3269/tcp", new MadeUp.Outcome(PortState.FILTERED, null)));
        PortCheck gcTls = row(h, Transport.TCP, 3269);
        assertEquals(FindingKind.DROPPED, gcTls.finding());
        assertTrue(gcTls.message().startsWith("filtered: a firewall drops it, and nothing on this host says whether it"
                + " is needed here; conditional: "), gcTls.message());
        assertEquals(1, h.counts().get(FindingKind.DROPPED));
        assertTrue(h.compliant() || h.counts().get(FindingKind.REQUIRED_BLOCKED) > 0,
                "dropped alone does not fail the run by default");
        assertEquals(FindingKind.OK, row(dc(Map.of()), Transport.TCP, 3269).finding(), "closed: the port is simply off");
    }
}
