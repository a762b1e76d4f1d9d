package org.portaudit.scanner.audit;


import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.PortRange;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WellKnownPort;
import org.portaudit.reports.model.Counts;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.Located;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.Remedy;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.probes.tcp.identify.Identification;

/**
 * Turns what was seen on a host into its report: a pure function of the plan, the host's results and the
 * policy as it applies to the host. No network, no clock of its own (the judgement's), no state: the same
 * inputs always give the same report, so verdicts are tested by building results directly.
 */
public final class Judge {
    private final Catalog catalog;
    private final AuditPlan plan;
    private final Protocols protocols;
    private final Judgement judgement;
    private final Remedies remedies;

    public Judge(Catalog catalog, AuditPlan plan, Protocols protocols, Judgement judgement) {
        this.catalog = catalog;
        this.plan = plan;
        this.protocols = protocols;
        this.judgement = judgement;
        this.remedies = new Remedies(catalog);
    }

    /**
     * The check with the remedy of its verdict (required-blocked: open it; forbidden-open: close it), and on the
     * dynamic RPC row each advertised endpoint with the remedy of its own verdict.
     */
    private PortCheck withRemedy(PortCheck c, ExpectedEndpoint ep, String host, Policy.HostPolicy policy) {
        List<RpcEndpointCheck> endpoints = c.endpoints();
        if (c.dynamicRpc() && !endpoints.isEmpty()) {
            List<RpcEndpointCheck> with = new ArrayList<>(endpoints.size());
            for (RpcEndpointCheck e : endpoints) {
                with.add(e.finding() == FindingKind.REQUIRED_BLOCKED
                        ? e.withRemedy(remedies.open(ep, PortRange.single(e.port()), true, host))
                        : Remedies.needed(e.finding())
                        ? e.withRemedy(remedies.close(ep.transport(), e.port(), ep.requirements(), host)) : e);
            }
            endpoints = with;
        }
        Remedy remedy = null;
        if (c.finding() == FindingKind.REQUIRED_BLOCKED) {
            PortRange ports = ep.port().dynamicRpc()
                    ? DynamicRpcCheck.Expectation.of(plan.version().dynamicRpcRange(), policy.rpc()).range()
                    : ep.port().range();
            remedy = remedies.open(ep, ports, ep.port().dynamicRpc(), host);
        } else if (Remedies.needed(c.finding()) && ep.probeable()) {
            remedy = remedies.close(ep.transport(), ep.number(), ep.requirements(), host);
        }
        return remedy == null && endpoints == c.endpoints() ? c : c.withRemedy(remedy, endpoints);
    }

    public AuditPlan plan() {
        return plan;
    }

    /** The report of one host; {@code group} is its inventory group (null for a scan). */
    public HostReport judge(HostResults seen, Policy.HostPolicy policy, String group) {
        Target target = seen.target();
        if (target.error() != null) {
            return HostReport.failed(target.given(), group, target.error());
        }
        List<PortCheck> checks = new ArrayList<>();
        List<ExpectedEndpoint> expected = plan.expected();
        HostKnowledge known = HostKnowledge.of(plan, seen);
        for (int i = 0; i < expected.size(); i++) {
            ExpectedEndpoint ep = expected.get(i);
            ProbeResult<?> r = seen.expected(i);
            checks.add(withRemedy(applyPolicy(expected(ep, r, seen.notProbedReason(i), seen, known, policy), ep, r,
                    policy), ep, target.addressText(), policy));
        }
        checks.sort(Comparator.comparing(PortCheck::finding));
        List<ProbeResult<?>> open = new ArrayList<>(seen.unexpectedOpen());
        open.sort(Comparator.comparing((ProbeResult<?> r) -> r.task().transport()).thenComparingInt(r -> r.task().port()));
        List<UnexpectedPort> unexpected = new ArrayList<>();
        java.util.Set<Integer> advertised = plan.needsDynamicRpc() ? seen.advertisedTcpPorts() : java.util.Set.of();
        for (ProbeResult<?> r : open) {
            if (r.task().transport() == Transport.TCP && advertised.contains(r.task().port())) {
                continue; // an endpoint the mapper advertised: the dynamic-RPC row judges it, a role expects it
            }
            UnexpectedPort u = unexpected(r, seen.identification(r.task().port()), policy);
            if (u != null) {
                unexpected.add(Remedies.needed(u.finding())
                        ? u.withRemedy(remedies.close(u.transport(), u.port(), List.of(), target.addressText())) : u);
            }
        }
        Counts.Builder counts = Counts.builder();
        boolean compliant = true;
        for (PortCheck c : checks) {
            counts.add(c.finding());
            compliant &= !judgement.fails(c.finding());
        }
        for (UnexpectedPort u : unexpected) {
            counts.add(u.finding());
            compliant &= !judgement.fails(u.finding());
        }
        String name = target.name() != null && !target.name().equals(target.addressText()) ? target.name() : null;
        return new HostReport(target.given(), name, target.addressText(), group, null, compliant, counts.build(),
                seen.scanned(), checks, unexpected);
    }

    /** The 135/tcp result, when 135/tcp is one of the expected endpoints. */
    static ProbeResult<?> mapperResult(AuditPlan plan, HostResults seen) {
        int i = plan.mapperIndex();
        return i < 0 ? null : seen.expected(i);
    }

    private PortCheck expected(ExpectedEndpoint ep, ProbeResult<?> r, String notProbed, HostResults seen,
                               HostKnowledge known, Policy.HostPolicy policy) {
        List<RequirementRef> refs = new ArrayList<>();
        for (Requirement q : ep.requirements()) {
            refs.add(new RequirementRef(q.roleId(), q.serviceId(), q.serviceName(), q.protocol(), q.level(),
                    q.reason(), q.source(), List.copyOf(q.perspectives())));
        }
        Transport transport = ep.transport();
        DynamicRpcCheck.Expectation rpc = DynamicRpcCheck.Expectation.of(plan.version().dynamicRpcRange(), policy.rpc());
        Located.Where where = Located.Where.of(transport, ep.port(), rpc.range());
        Level level = ep.level();
        if (r == null && ep.port().dynamicRpc() && transport == Transport.TCP) {
            DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(mapperResult(plan, seen), seen, level, rpc);
            return new PortCheck(transport, where, ep.protocols(), level, refs, v.state(), v.finding(), v.message(),
                    null, 0, v.evidence(), v.endpoints());
        }
        if (r == null) {
            return new PortCheck(transport, where, ep.protocols(), level, refs, null, FindingKind.NOT_CHECKED,
                    notProbed != null ? notProbed : ep.notProbedReason(plan.version()), null, 0, List.of(), List.of());
        }
        List<Evidence> evidence = evidence(r);
        Double rtt = r.rtt() == null ? null : r.rtt().toNanos() / 1e6;
        // A condition the host's own evidence proves makes the endpoint required here, and the message says which.
        String requiredHere = level == Level.CONDITIONAL
                ? known.requiredHere(transport, ep.number()).orElse(null) : null;
        if (requiredHere != null) {
            level = Level.REQUIRED;
        }
        boolean required = level == Level.REQUIRED;
        FindingKind kind;
        String message;
        switch (r.state()) {
            case OPEN -> {
                String dnsFault = dnsFault(ep, r.service(), domainAsked(seen)).orElse(null);
                String weakTls = weakTls(r.service()).orElse(null);
                if (r.service() != null && !r.service().matched()) {
                    kind = FindingKind.WRONG_SERVICE;
                    message = "open, but does not answer as " + ep.protocols();
                } else if (r.service() == null && !r.task().payloads().isEmpty()) {
                    kind = FindingKind.WRONG_SERVICE;
                    message = unacceptedReply(r, ep);
                } else if (r.service() != null && r.service().text("tlsError").isPresent()
                        && r.service().number("daysLeft").isEmpty()) {
                    kind = FindingKind.CERTIFICATE;
                    message = "open, answers in TLS records, but no certificate could be checked: "
                            + r.service().text("tlsError").get();
                } else if (expiring(r.service(), judgement.certWarnDays())) {
                    kind = FindingKind.CERTIFICATE;
                    message = certificateMessage(r.service()) + (weakTls != null ? "; and " + weakTls : "");
                } else if (weakTls != null) {
                    kind = FindingKind.WEAK_TLS;
                    message = "open, TLS confirmed, but " + weakTls;
                } else if (dnsFault != null) {
                    kind = FindingKind.MISCONFIGURED;
                    message = "open, " + r.service().probe() + " confirmed, but " + dnsFault;
                } else {
                    kind = FindingKind.OK;
                    message = r.service() != null ? "open, " + r.service().probe() + " confirmed" : "open";
                }
            }
            case OPEN_FILTERED -> {
                String why = protocols.udpUnprovable(ep.number()).orElse(null);
                Evidence overTcp = required && transport == Transport.UDP
                        ? known.sameServiceOverTcp(ep.number()).orElse(null) : null;
                kind = overTcp != null ? FindingKind.REQUIRED_BLOCKED : required ? FindingKind.UNVERIFIED : FindingKind.OK;
                message = overTcp != null ? "no reply over UDP after " + r.attempts() + " tries of a real request, "
                        + "while " + ep.number() + "/tcp on this host answers the same service (" + overTcp.probe()
                        + ": " + overTcp.summary() + "): a server that answers over TCP answers over UDP, so the "
                        + "silence is a firewall dropping " + ep.number() + "/udp"
                        : "no reply: open or filtered" + (why != null ? " (" + why + ")" : "")
                        + (r.icmpRateLimitSuspected() ? "; the host's ICMP rate limit may have hidden a closed port" : "")
                        + (required ? "" : "; " + level.id() + ": " + String.join("; ", ep.reasons()));
            }
            default -> {
                boolean dropped = !required && r.state() == PortState.FILTERED;
                kind = required ? FindingKind.REQUIRED_BLOCKED : dropped ? FindingKind.DROPPED : FindingKind.OK;
                message = required ? "required port is " + r.state().word()
                        : dropped ? "filtered: a firewall drops it, and nothing on this host says whether it is "
                        + "needed here; " + level.id() + ": " + String.join("; ", ep.reasons())
                        : r.state().word() + "; " + level.id() + ": " + String.join("; ", ep.reasons());
            }
        }
        if (requiredHere != null) {
            message = message + "; " + requiredHere;
        }
        HostResults.LearnedDomain learned = seen.learnedDomain();
        if (learned != null && protocols.asksAboutDomain(transport, ep.number())) {
            // The probe asked about the domain the host named: say so, and which answer named it.
            message = message + "; asked about " + learned.domain() + ", the domain " + learned.where()
                    + " named (" + learned.from().probe() + ")";
            evidence.add(new Evidence("host-knowledge", "asked about " + learned.domain() + ": the domain the "
                    + learned.from().probe() + " answer on " + learned.where() + " named ("
                    + learned.from().text("defaultNamingContext").orElse(learned.domain()) + ")", true,
                    java.util.Map.of("domain", learned.domain(), "namedBy", learned.where())));
        }
        return new PortCheck(transport, where, ep.protocols(), level, refs, r.state(), kind, message, rtt,
                r.attempts(), evidence, List.of());
    }

    /**
     * A UDP reply that none of the probe's decoders accepted: something answered, so the port is open, but
     * random bytes, a flood or a truncated message are not the protocol. Says what was seen, bounded.
     */
    private static String unacceptedReply(ProbeResult<?> r, ExpectedEndpoint ep) {
        Evidence seen = r.evidence();
        String names = r.task().payloads().stream().map(org.portaudit.scanner.engine.UdpPayload::name)
                .collect(java.util.stream.Collectors.joining(", "));
        String text = seen.text("replyText").map(t -> t.length() > 24 ? t.substring(0, 24) + "\u2026" : t).orElse("");
        String hex = seen.text("replyHex").map(h -> h.length() > 32 ? h.substring(0, 32) + "\u2026" : h).orElse("");
        return "open, but does not answer as " + ep.protocols() + ": something answered with "
                + seen.number("replyBytes").orElse(0) + " bytes that the " + names + " decoder does not accept"
                + (hex.isEmpty() ? "" : " (hex " + hex + ", text \"" + text + "\")");
    }

    /** The domain this host's probes asked about: the run's (--domain, an inventory group's) or the host's own. */
    private String domainAsked(HostResults seen) {
        return protocols.domain().orElseGet(() -> seen.learnedDomain() == null ? null : seen.learnedDomain().domain());
    }

    /**
     * What a domain controller's DNS answer on 53 shows it fails to serve, when it was asked about the AD
     * domain: its zone (the SOA, answered authoritatively) or, over TCP, the DC locator SRV records. Empty when
     * it serves them, when no domain was asked, or when the chosen roles include no domain controller.
     */
    private Optional<String> dnsFault(ExpectedEndpoint ep, Evidence dns, String domain) {
        if (ep.number() != 53 || dns == null || !dns.matched() || domain == null
                || !plan.roleIds().contains("domain-controller")) {
            return Optional.empty();
        }
        boolean zoneServed = dns.details().containsKey("zoneServed") ? dns.flag("zoneServed")
                : dns.number("rcode").orElse(-1) == 0 && dns.number("answers").orElse(0) > 0
                && dns.text("soa").isPresent() && dns.flag("authoritative");
        if (!zoneServed) {
            return Optional.of("it does not serve the domain's own zone " + domain + " (the SOA query got "
                    + dns.text("rcodeName").orElse("?") + " with " + dns.number("answers").orElse(0) + " answer(s)"
                    + (dns.flag("authoritative") ? "" : ", not authoritative") + "): a domain controller's DNS "
                    + "serves its AD zone, or members cannot find the domain through it");
        }
        if (dns.details().containsKey("locatorServed") && !dns.flag("locatorServed")) {
            return Optional.of("it does not serve the DC locator records (SRV " + dns.text("locator").orElse("?")
                    + " got " + dns.text("locatorRcodeName").orElse("?") + " with "
                    + dns.number("locatorAnswers").orElse(0) + " answer(s)): domain members find domain "
                    + "controllers through them");
        }
        return Optional.empty();
    }

    private static List<Evidence> evidence(ProbeResult<?> r) {
        List<Evidence> evidence = new ArrayList<>(2);
        evidence.add(r.evidence());
        if (r.service() != null) {
            evidence.add(r.service());
        }
        return evidence;
    }

    /**
     * What is weak about a TLS answer's protocol: SSL 3.0, TLS 1.0 or 1.1 negotiated. With the partial
     * handshake's hello (which offers up to TLS 1.2) the version is the best the server has.
     */
    static Optional<String> weakTls(Evidence service) {
        String protocol = service == null ? null : service.text("protocol").orElse(null);
        if (protocol == null || !(protocol.equals("SSLv3") || protocol.equals("TLSv1") || protocol.equals("TLSv1.1"))) {
            return Optional.empty();
        }
        boolean best = "partial".equals(service.text("handshake").orElse(null));
        return Optional.of((best ? "the best protocol the server offers is " : "it negotiated ") + protocol
                + ", deprecated by RFC 8996: clients that require TLS 1.2 or later cannot connect, and the old "
                + "protocol's weaknesses remain");
    }

    private static boolean expiring(Evidence service, int warnDays) {
        if (service == null) {
            return false;
        }
        OptionalLong days = service.number("daysLeft");
        return days.isPresent() && days.getAsLong() <= warnDays;
    }

    private static String certificateMessage(Evidence service) {
        long days = service.number("daysLeft").orElseThrow();
        String notAfter = service.text("notAfter").orElse("?");
        return days < 0 ? "certificate expired " + (-days) + " day(s) ago (" + notAfter + ")"
                : "certificate expires in " + days + " day(s) (" + notAfter + ")";
    }

    /**
     * The policy on an expected endpoint: the file's forbid rules (and the SNMP 'public' rule) turn an
     * open port into forbidden-open, even though a role expects it; then an exception may turn any
     * problem finding into ok.
     */
    private PortCheck applyPolicy(PortCheck c, ExpectedEndpoint ep, ProbeResult<?> r, Policy.HostPolicy policy) {
        FindingKind kind = c.finding();
        String message = c.message();
        if (r != null && r.state() == PortState.OPEN && ep.probeable()) {
            Optional<Policy.PortRule> rule = policy.decide(ep.transport(), ep.number(), c.evidence(), true);
            if (rule.isPresent() && rule.get().action() == Policy.Action.FORBID) {
                kind = FindingKind.FORBIDDEN_OPEN;
                message = forbiddenMessage(rule.get()) + "; a chosen role expects the port, the policy forbids it";
            }
        }
        if (kind.isProblem() && !ep.port().dynamicRpc()) {
            Verdict v = exception(ep.transport(), ep.port().range(), new Verdict(kind, message), policy);
            kind = v.kind();
            message = v.message();
        }
        return kind == c.finding() && message.equals(c.message()) ? c : c.withVerdict(kind, message);
    }

    /** A problem finding and an exception: ok with the justification, or the finding saying the exception expired. */
    private Verdict exception(Transport t, PortRange range, Verdict found, Policy.HostPolicy policy) {
        Optional<Policy.PortException> e = policy.exceptionFor(t, range, judgement.today());
        if (e.isEmpty()) {
            return found;
        }
        Policy.PortException x = e.get();
        if (x.expiredOn(judgement.today())) {
            return new Verdict(found.kind(), found.message() + "; exception '" + x.justification() + "' expired on "
                    + x.expires());
        }
        return new Verdict(FindingKind.OK, "exception until " + x.expires() + ": " + x.justification()
                + " (would be " + found.kind().word() + ": " + found.message() + ")");
    }

    /** A finding and its message. */
    private record Verdict(FindingKind kind, String message) {
    }

    private static String forbiddenMessage(Policy.PortRule rule) {
        return rule.snmpPublic() ? "open; " + rule.reason() + " (forbidden: " + rule.scope() + ")"
                : "open; forbidden (" + rule.scope() + "): " + rule.reason();
    }

    /**
     * An open port no chosen role expects: forbidden-open or ok when the policy names it, else
     * unexpected-open; null for a port swept only because a rule elsewhere forbids it (another host's
     * or role's rule) and outside the --unexpected scope.
     */
    private UnexpectedPort unexpected(ProbeResult<?> r, Identification id, Policy.HostPolicy policy) {
        Transport t = r.task().transport();
        if (t != Transport.TCP) {
            id = null; // only TCP ports are identified
        }
        int port = r.task().port();
        List<WellKnownPort> names = catalog.wellKnown(port, t);
        String name = names.isEmpty() ? catalog.nameOf(port, t) : names.get(0).name();
        String description = names.isEmpty() ? null : names.get(0).description();
        List<Evidence> evidence = evidence(r);
        if (id != null && id.evidence() != null) {
            evidence.add(id.evidence());
        }
        Optional<Policy.PortRule> rule = policy.decide(t, port, evidence, false);
        FindingKind kind;
        String message;
        if (rule.isPresent() && rule.get().action() == Policy.Action.FORBID) {
            kind = FindingKind.FORBIDDEN_OPEN;
            message = forbiddenMessage(rule.get());
        } else if (rule.isPresent()) {
            kind = FindingKind.OK;
            message = "open; allowed (" + rule.get().scope() + "): " + rule.get().reason();
        } else if (plan.inScope(t, port)) {
            kind = FindingKind.UNEXPECTED_OPEN;
            message = "open; no chosen role expects it";
        } else {
            return null;
        }
        if (kind.isProblem()) {
            Verdict v = exception(t, PortRange.single(port), new Verdict(kind, message), policy);
            kind = v.kind();
            message = v.message();
        }
        if (id != null) {
            message = message + "; " + identificationText(id, name);
        }
        return new UnexpectedPort(t, port, name, description, r.state(), kind, message,
                r.rtt() == null ? null : r.rtt().toNanos() / 1e6, evidence, id == null ? null : id.service(),
                id == null ? null : id.seen());
    }

    /**
     * What identifying the port showed, in words: the service and its evidence, or that none was named, with the
     * dictionary's name given as the guess from the number it is, never as what answered.
     */
    static String identificationText(Identification id, String dictionaryName) {
        String guess = dictionaryName == null ? "" : "; the port dictionary's '" + dictionaryName
                + "' is a guess from the number only";
        return id.service() != null ? "identified as " + id.service() + " (" + id.seen() + ")"
                + (dictionaryName == null ? "" : "; port dictionary: " + dictionaryName)
                : "not identified: seen " + id.seen() + guess;
    }
}
