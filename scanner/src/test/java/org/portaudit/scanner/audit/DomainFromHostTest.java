package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.UdpPayload;

/**
 * What one probe learns, the others use (issue 12): without --domain, a DC's rootDSE on 389/tcp goes first, the
 * probes that ask about a domain (Kerberos, kpasswd, DNS, CLDAP) wait for it and then ask about the domain the
 * host named, and their verdicts say so. A DC's DNS that does not serve its zone or locator records is
 * misconfigured.
 */
class DomainFromHostTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    /** Protocols that record which domain each handed-out task was built for. */
    private static final class Recording implements Protocols {
        final String domain;
        final List<String> forDomainCalls;

        Recording(String domain, List<String> calls) {
            this.domain = domain;
            this.forDomainCalls = calls;
        }

        @Override
        public Optional<TcpConversation> tcp(int port) {
            return Optional.of(new Named("tcp-" + port + "@" + domain));
        }

        @Override
        public List<UdpPayload> udp(int port) {
            return List.of();
        }

        @Override
        public Optional<String> udpUnprovable(int port) {
            return Optional.empty();
        }

        @Override
        public Optional<String> domain() {
            return Optional.ofNullable(domain);
        }

        @Override
        public boolean asksAboutDomain(Transport t, int port) {
            return t == Transport.TCP ? port == 53 || port == 88 : List.of(53, 88, 389, 464).contains(port);
        }

        @Override
        public Protocols forDomain(String d) {
            forDomainCalls.add(d);
            return new Recording(d, forDomainCalls);
        }
    }

    private record Named(String name) implements TcpConversation {
        @Override
        public void start(io.netty.channel.Channel channel, io.netty.util.concurrent.Promise<Evidence> result) {
        }
    }

    private static AuditPlan dcPlan() {
        return new AuditPlan(CATALOG, List.of(CATALOG.role("domain-controller").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse("none", CATALOG));
    }

    private static Target target() throws Exception {
        return Target.resolved("dc01", "dc01", InetAddress.getByName("198.18.0.10"));
    }

    private static ProbeResult<HostScan.Slot> answer(ProbeTask<HostScan.Slot> task, PortState state, Evidence service) {
        return new ProbeResult<>(task, state, Duration.ofMillis(1), 1, Evidence.of("tcp-connect", "SYN-ACK", true),
                service, false, Duration.ZERO);
    }

    private static Evidence rootDse(String nc) {
        return new Evidence("ldap-rootdse", "LDAP rootDSE", true, Map.of("defaultNamingContext", nc));
    }

    /** Drains the host's tasks now available. */
    private static List<ProbeTask<HostScan.Slot>> drain(HostScan h) {
        List<ProbeTask<HostScan.Slot>> out = new ArrayList<>();
        for (ProbeTask<HostScan.Slot> t; (t = h.next()) != null; ) {
            out.add(t);
        }
        return out;
    }

    private static String key(ProbeTask<?> t) {
        return t.port() + "/" + t.transport().id();
    }

    @Test
    void theRootDseGoesFirstAndTheDomainProbesWaitForItThenAskAboutTheNamedDomain() throws Exception {
        AuditPlan plan = dcPlan();
        List<String> calls = new ArrayList<>();
        HostScan h = new HostScan(0, target(), plan, new Recording(null, calls), Policy.builtIn().forHost(target(),
                plan.roleIds()));
        List<ProbeTask<HostScan.Slot>> first = drain(h);
        assertEquals("389/tcp", key(first.get(0)), "the rootDSE goes first");
        List<String> keys = first.stream().map(DomainFromHostTest::key).toList();
        for (String waits : List.of("53/tcp", "88/tcp", "53/udp", "88/udp", "389/udp", "464/udp")) {
            assertFalse(keys.contains(waits), waits + " waits for the rootDSE: " + keys);
        }
        assertTrue(keys.contains("135/tcp") && keys.contains("445/tcp") && keys.contains("464/tcp"), keys.toString());
        for (ProbeTask<HostScan.Slot> t : first.subList(1, first.size())) {
            h.accept(t, answer(t, PortState.CLOSED, null));
        }
        assertFalse(h.hasNext(), "nothing more until 389 answers");
        assertFalse(h.complete(), "the waiting endpoints are still to be probed");
        h.accept(first.get(0), answer(first.get(0), PortState.OPEN, rootDse("DC=lab,DC=example")));
        assertEquals(List.of("lab.example"), calls);
        assertEquals("lab.example", h.results.learnedDomain().domain());
        List<ProbeTask<HostScan.Slot>> then = drain(h);
        List<String> thenKeys = then.stream().map(DomainFromHostTest::key).toList();
        assertEquals(List.of("53/tcp", "53/udp", "88/tcp", "88/udp", "389/udp", "464/udp"),
                thenKeys.stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.split("/")[0]),
                        Integer.parseInt(b.split("/")[0])) != 0 ? Integer.compare(Integer.parseInt(a.split("/")[0]),
                        Integer.parseInt(b.split("/")[0])) : a.compareTo(b)).toList());
        ProbeTask<HostScan.Slot> kdc = then.stream().filter(t -> key(t).equals("88/tcp")).findFirst().orElseThrow();
        assertEquals("tcp-88@lab.example", kdc.conversation().name(), "asked in the host's own realm");
        for (ProbeTask<HostScan.Slot> t : then) {
            h.accept(t, answer(t, PortState.CLOSED, null));
        }
        assertTrue(h.complete());
    }

    @Test
    void aGivenDomainOrASilentLdapDoesNotHoldTheOthersBack() throws Exception {
        AuditPlan plan = dcPlan();
        List<String> calls = new ArrayList<>();
        HostScan given = new HostScan(0, target(), plan, new Recording("corp.example", calls),
                Policy.builtIn().forHost(target(), plan.roleIds()));
        List<String> all = drain(given).stream().map(DomainFromHostTest::key).toList();
        assertTrue(all.contains("88/tcp") && all.contains("53/udp"), "--domain given: nothing waits " + all);

        HostScan silent = new HostScan(0, target(), plan, new Recording(null, calls),
                Policy.builtIn().forHost(target(), plan.roleIds()));
        List<ProbeTask<HostScan.Slot>> first = drain(silent);
        silent.accept(first.get(0), answer(first.get(0), PortState.FILTERED, null));
        List<ProbeTask<HostScan.Slot>> then = drain(silent);
        assertEquals(6, then.size(), "389 filtered: the waiting probes go, with no domain");
        assertNull(silent.results.learnedDomain());
        assertTrue(calls.isEmpty());
    }

    @Test
    void onlyAPlainDcNamingContextNamesADomain() {
        assertEquals(Optional.of("lab.example"), HostKnowledge.domainFrom(rootDse("DC=Lab,dc=EXAMPLE")));
        assertEquals(Optional.empty(), HostKnowledge.domainFrom(rootDse("OU=x,DC=lab")));
        assertEquals(Optional.empty(), HostKnowledge.domainFrom(rootDse("DC=la\u001b]0;b,DC=example")));
        assertEquals(Optional.empty(), HostKnowledge.domainFrom(rootDse("DC=a..b,DC=example")));
        assertEquals(Optional.empty(), HostKnowledge.domainFrom(rootDse("")));
        assertEquals(Optional.empty(), HostKnowledge.domainFrom(rootDse("DC=" + "a".repeat(64))));
    }

    // --- judging ---

    private static HostReport judge(Protocols protocols, Map<String, MadeUp.Outcome> seen, String learned)
            throws Exception {
        AuditPlan plan = dcPlan();
        HostResults r = MadeUp.results(plan, target(), (tr, port) -> seen.getOrDefault(port + "/" + tr.id(),
                MadeUp.Outcome.closed()));
        if (learned != null) {
            r.learnedDomain(learned, "389/tcp", rootDse("DC=lab,DC=example"));
        }
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        return new Judge(CATALOG, plan, protocols, j).judge(r, j.policy().forHost(target(), plan.roleIds()), null);
    }

    private static PortCheck row(HostReport h, Transport t, int port) {
        return h.expected().stream().filter(c -> c.transport() == t && Integer.valueOf(port).equals(c.port()))
                .findFirst().orElseThrow();
    }

    private static Evidence dnsTcp(boolean zone, boolean locator) {
        return new Evidence("dns-tcp", "DNS", true, Map.of("rcode", 0L, "rcodeName", "NOERROR", "answers", 1L,
                "authoritative", true, "zoneServed", zone, "locator", "_ldap._tcp.dc._msdcs.lab.example",
                "locatorRcodeName", locator ? "NOERROR" : "NXDOMAIN", "locatorAnswers", locator ? 1L : 0L,
                "locatorServed", locator));
    }

    @Test
    void aDcWhoseDnsDoesNotServeItsLocatorRecordsIsMisconfiguredAndTheVerdictSaysWhichDomainWasAsked()
            throws Exception {
        Recording none = new Recording(null, new ArrayList<>());
        HostReport bad = judge(none, Map.of("53/tcp", MadeUp.Outcome.open(dnsTcp(true, false))), "lab.example");
        PortCheck dns = row(bad, Transport.TCP, 53);
        assertEquals(FindingKind.MISCONFIGURED, dns.finding());
        assertTrue(dns.message().contains("does not serve the DC locator records (SRV _ldap._tcp.dc._msdcs.lab.example"
                + " got NXDOMAIN with 0 answer(s))"), dns.message());
        assertTrue(dns.message().endsWith("; asked about lab.example, the domain 389/tcp named (ldap-rootdse)"),
                dns.message());
        assertTrue(dns.evidence().stream().anyMatch(e -> e.probe().equals("host-knowledge")
                && "lab.example".equals(e.details().get("domain"))), dns.evidence().toString());
        assertFalse(bad.compliant(), "misconfigured fails the run by default");

        HostReport zone = judge(none, Map.of("53/tcp", MadeUp.Outcome.open(dnsTcp(false, true))), "lab.example");
        assertEquals(FindingKind.MISCONFIGURED, row(zone, Transport.TCP, 53).finding());
        assertTrue(row(zone, Transport.TCP, 53).message().contains("does not serve the domain's own zone lab.example"));

        HostReport good = judge(none, Map.of("53/tcp", MadeUp.Outcome.open(dnsTcp(true, true))), "lab.example");
        assertEquals(FindingKind.OK, row(good, Transport.TCP, 53).finding());
        // A Kerberos row asked in the learned realm says so too; a port that does not ask about a domain does not.
        assertTrue(row(good, Transport.TCP, 88).message().contains("asked about lab.example"));
        assertFalse(row(good, Transport.TCP, 445).message().contains("asked about"));
    }

    @Test
    void aUdpSoaRefusedForTheGivenDomainIsMisconfiguredButTheRootAskedIsNot() throws Exception {
        Evidence refused = new Evidence("udp:dns-soa", "DNS response REFUSED", true, Map.of("rcode", 5L,
                "rcodeName", "REFUSED", "answers", 0L, "authoritative", false));
        HostReport given = judge(new Recording("lab.example", new ArrayList<>()),
                Map.of("53/udp", MadeUp.Outcome.open(refused)), null);
        PortCheck udp = row(given, Transport.UDP, 53);
        assertEquals(FindingKind.MISCONFIGURED, udp.finding());
        assertTrue(udp.message().contains("zone lab.example (the SOA query got REFUSED with 0 answer(s), not "
                + "authoritative)"), udp.message());
        HostReport root = judge(new Recording(null, new ArrayList<>()), Map.of("53/udp", MadeUp.Outcome.open(refused)),
                null);
        assertEquals(FindingKind.OK, row(root, Transport.UDP, 53).finding(), "no domain asked: no claim about a zone");
        assertNotNull(root);
    }

    @Test
    void anOpenPortTheMapperAdvertisesIsNotUnexpectedButAnotherHighPortIs() throws Exception {
        AuditPlan plan = new AuditPlan(CATALOG, List.of(CATALOG.role("domain-controller").orElseThrow()),
                WindowsVersion.CURRENT, UnexpectedScope.parse("49152,49160", CATALOG));
        HostResults r = MadeUp.results(plan, target(), (tr, port) -> port == 49152 || port == 49160 || port == 135
                ? MadeUp.Outcome.open(null) : MadeUp.Outcome.closed());
        r.rpcEndpoints(List.of(new org.portaudit.scanner.rpc.RpcEndpoint(java.util.UUID.randomUUID(), 1, 0, "netlogon",
                "netlogon", "ncacn_ip_tcp", "49152", "0.0.0.0")));
        Judgement j = new Judgement(Judgement.DEFAULT_FAIL_ON, 30);
        HostReport h = new Judge(CATALOG, plan, Protocols.NONE, j).judge(r, j.policy().forHost(target(),
                plan.roleIds()), null);
        List<Integer> unexpected = h.unexpected().stream().map(u -> u.port()).toList();
        assertEquals(List.of(49160), unexpected, "49152 is the mapper's netlogon endpoint, judged in the dynamic-RPC row");
    }
}
