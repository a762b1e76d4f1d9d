package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WellKnownPort;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.UnexpectedPort;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;

/**
 * One host's audit: hands out its probe tasks lazily, collects their results, and judges them into
 * a {@link HostReport}. Results for closed or filtered unexpected ports are counted, not kept, so
 * memory per host is bounded by the expected endpoints and the open ports.
 */
final class HostAudit {
    /** The tag on each task: which host and which slot (expected index, or unexpected). */
    record Tag(HostAudit host, int expectedIndex) {
    }

    private final long sequence;
    private final Target target;
    private final AuditPlan plan;
    private final Protocols protocols;
    private final ProbeResult[] expectedResults;
    private final List<ProbeResult> unexpectedOpen = new ArrayList<>();
    private final DynamicRpcCheck rpc = new DynamicRpcCheck();
    private int issued;
    private int done;
    private int scanned;
    private boolean exhausted;

    HostAudit(long sequence, Target target, AuditPlan plan, Protocols protocols) {
        this.sequence = sequence;
        this.target = target;
        this.plan = plan;
        this.protocols = protocols;
        this.expectedResults = new ProbeResult[plan.expected().size()];
    }

    long sequence() {
        return sequence;
    }

    Target target() {
        return target;
    }

    /** The tasks of this host, created as they are pulled. */
    Iterator<ProbeTask> tasks() {
        InetAddress addr = target.address();
        List<ExpectedEndpoint> expected = plan.expected();
        return new Iterator<>() {
            private int e;
            private int t;
            private int u;
            private ProbeTask next = advance();

            private ProbeTask advance() {
                while (e < expected.size()) {
                    ExpectedEndpoint ep = expected.get(e);
                    int idx = e++;
                    if (ep.probeable()) {
                        Tag tag = new Tag(HostAudit.this, idx);
                        return ep.transport() == Transport.TCP
                                ? protocols.tcp(ep.number()).map(c -> ProbeTask.tcp(addr, ep.number(), c, tag))
                                        .orElseGet(() -> ProbeTask.tcp(addr, ep.number(), tag))
                                : ProbeTask.udp(addr, ep.number(), protocols.udp(ep.number()), tag);
                    }
                }
                Tag unexpected = new Tag(HostAudit.this, -1);
                if (t < plan.unexpectedTcpCount()) {
                    return ProbeTask.tcp(addr, plan.unexpectedTcp(t++), unexpected);
                }
                if (u < plan.unexpectedUdpCount()) {
                    int port = plan.unexpectedUdp(u++);
                    return ProbeTask.udp(addr, port, protocols.udp(port), unexpected);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ProbeTask next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ProbeTask out = next;
                issued++;
                next = advance();
                if (next == null) {
                    exhausted = true;
                }
                return out;
            }
        };
    }

    /** Marks the task list as fully handed out (also for hosts with nothing to probe). */
    void markExhausted() {
        exhausted = true;
    }

    /** Records one result; true when this was the host's last outstanding probe. */
    boolean accept(ProbeResult r, int expectedIndex) {
        done++;
        scanned++;
        if (expectedIndex >= 0) {
            expectedResults[expectedIndex] = r;
        } else if (r.state() == PortState.OPEN) {
            unexpectedOpen.add(r);
        }
        return complete();
    }

    boolean complete() {
        return exhausted && done == issued;
    }

    /** The dynamic-RPC check of this host (filled by the auditor's second phase). */
    DynamicRpcCheck rpc() {
        return rpc;
    }

    /** True when a chosen role needs dynamic RPC and the endpoint mapper answered: worth a lookup. */
    boolean wantsRpcLookup() {
        ProbeResult mapper = mapperResult();
        return mapper != null && mapper.state() == PortState.OPEN
                && plan.expected().stream().anyMatch(e -> e.port().dynamicRpc() && e.transport() == Transport.TCP);
    }

    /** The 135/tcp result, when 135/tcp was one of the expected endpoints. */
    ProbeResult mapperResult() {
        List<ExpectedEndpoint> eps = plan.expected();
        for (int i = 0; i < eps.size(); i++) {
            ExpectedEndpoint e = eps.get(i);
            if (e.probeable() && e.transport() == Transport.TCP && e.number() == 135) {
                return expectedResults[i];
            }
        }
        return null;
    }

    /** Judges everything seen into the host's report. */
    HostReport report(Catalog catalog, Judgement judgement) {
        if (target.error() != null) {
            return new HostReport(target.given(), target.name(), null, target.error(), false,
                    ConsoleRenderer.emptyCounts(), List.of(), List.of(), 0);
        }
        List<PortCheck> checks = new ArrayList<>();
        for (int i = 0; i < expectedResults.length; i++) {
            checks.add(applyPolicy(judgeExpected(plan.expected().get(i), expectedResults[i], judgement),
                    plan.expected().get(i), expectedResults[i], judgement));
        }
        checks.sort(Comparator.comparing(PortCheck::finding));
        List<UnexpectedPort> unexpected = new ArrayList<>();
        unexpectedOpen.sort(Comparator.comparing((ProbeResult r) -> r.task().transport()).thenComparingInt(r -> r.task().port()));
        for (ProbeResult r : unexpectedOpen) {
            UnexpectedPort u = judgeUnexpected(catalog, r, judgement);
            if (u != null) {
                unexpected.add(u);
            }
        }
        Map<String, Integer> counts = ConsoleRenderer.emptyCounts();
        boolean compliant = true;
        for (PortCheck c : checks) {
            counts.merge(c.finding().word(), 1, Integer::sum);
            compliant &= !judgement.fails(c.finding());
        }
        for (UnexpectedPort u : unexpected) {
            counts.merge(u.finding().word(), 1, Integer::sum);
            compliant &= !judgement.fails(u.finding());
        }
        String name = target.name() != null && !target.name().equals(target.addressText()) ? target.name() : null;
        return new HostReport(target.given(), name, target.addressText(), null, compliant, counts, checks, unexpected,
                scanned);
    }

    private PortCheck judgeExpected(ExpectedEndpoint ep, ProbeResult r, Judgement judgement) {
        List<RequirementRef> refs = new ArrayList<>();
        for (Requirement q : ep.requirements()) {
            refs.add(new RequirementRef(q.roleId(), q.serviceId(), q.serviceName(), q.protocol(), q.level().id(),
                    q.reason(), q.source()));
        }
        String transport = ep.transport().id();
        String port = ep.port().toString();
        String level = ep.level().id();
        if (r == null && ep.port().dynamicRpc() && ep.transport() == Transport.TCP) {
            DynamicRpcCheck.Verdict v = rpc.judge(mapperResult(), ep.level(), plan.version().dynamicRpcRange().toString());
            return new PortCheck(transport, port, ep.protocols(), level, refs, v.state(), v.finding(), v.message(),
                    null, 0, v.evidence());
        }
        if (r == null) {
            return new PortCheck(transport, port, ep.protocols(), level, refs, null, FindingKind.NOT_CHECKED,
                    ep.notProbedReason(plan.version()), null, 0, List.of());
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(r.evidence());
        if (r.service() != null) {
            evidence.add(r.service());
        }
        Double rtt = r.rtt() == null ? null : r.rtt().toNanos() / 1e6;
        boolean required = ep.level() == Level.REQUIRED;
        FindingKind kind;
        String message;
        switch (r.state()) {
            case OPEN -> {
                if (r.service() != null && !r.service().matched()) {
                    kind = FindingKind.WRONG_SERVICE;
                    message = "open, but does not answer as " + ep.protocols();
                } else if (expiring(r.service(), judgement.certWarnDays())) {
                    kind = FindingKind.CERTIFICATE;
                    message = certificateMessage(r.service());
                } else {
                    kind = FindingKind.OK;
                    message = r.service() != null ? "open, " + r.service().probe() + " confirmed" : "open";
                }
            }
            case OPEN_FILTERED -> {
                String why = protocols.udpUnprovable(ep.number()).orElse(null);
                kind = required ? FindingKind.UNVERIFIED : FindingKind.OK;
                message = "no reply: open or filtered" + (why != null ? " (" + why + ")" : "")
                        + (r.icmpRateLimitSuspected() ? "; the host's ICMP rate limit may have hidden a closed port" : "")
                        + (required ? "" : "; " + level + ": " + String.join("; ", ep.reasons()));
            }
            default -> {
                kind = required ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK;
                message = required ? "required port is " + r.state().word()
                        : r.state().word() + "; " + level + ": " + String.join("; ", ep.reasons());
            }
        }
        return new PortCheck(transport, port, ep.protocols(), level, refs, r.state(), kind, message, rtt,
                r.attempts(), evidence);
    }

    private static boolean expiring(Evidence service, int warnDays) {
        if (service == null) {
            return false;
        }
        java.util.OptionalLong days = service.number("daysLeft");
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
    private PortCheck applyPolicy(PortCheck c, ExpectedEndpoint ep, ProbeResult r, Judgement judgement) {
        FindingKind kind = c.finding();
        String message = c.message();
        if (r != null && r.state() == PortState.OPEN && ep.probeable()) {
            java.util.Optional<Policy.PortRule> rule = judgement.policy().decide(target, plan.roleIds(),
                    ep.transport(), ep.number(), c.evidence(), true);
            if (rule.isPresent() && rule.get().action() == Policy.Action.FORBID) {
                kind = FindingKind.FORBIDDEN_OPEN;
                message = forbiddenMessage(rule.get()) + "; a chosen role expects the port, the policy forbids it";
            }
        }
        if (kind.isProblem() && !ep.port().dynamicRpc()) {
            Verdict v = exception(ep.transport(), ep.port().range(), new Verdict(kind, message), judgement);
            kind = v.kind();
            message = v.message();
        }
        if (kind == c.finding() && message.equals(c.message())) {
            return c;
        }
        return new PortCheck(c.transport(), c.port(), c.protocol(), c.level(), c.requiredBy(), c.state(), kind, message,
                c.rttMillis(), c.attempts(), c.evidence());
    }

    /** A problem finding and an exception: ok with the justification, or the finding saying the exception expired. */
    private Verdict exception(Transport t, org.portaudit.catalog.PortRange range, Verdict found, Judgement judgement) {
        java.util.Optional<Policy.PortException> e = judgement.policy().exceptionFor(target, plan.roleIds(), t, range,
                judgement.today());
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
    private UnexpectedPort judgeUnexpected(Catalog catalog, ProbeResult r, Judgement judgement) {
        Transport t = r.task().transport();
        int port = r.task().port();
        List<WellKnownPort> names = catalog.wellKnown(port, t);
        String name = names.isEmpty() ? catalog.nameOf(port, t) : names.get(0).name();
        String description = names.isEmpty() ? null : names.get(0).description();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(r.evidence());
        if (r.service() != null) {
            evidence.add(r.service());
        }
        java.util.Optional<Policy.PortRule> rule = judgement.policy().decide(target, plan.roleIds(), t, port, evidence,
                false);
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
            Verdict v = exception(t, org.portaudit.catalog.PortRange.single(port), new Verdict(kind, message), judgement);
            kind = v.kind();
            message = v.message();
        }
        return new UnexpectedPort(t.id(), port, name, description, r.state(), kind, message,
                r.rtt() == null ? null : r.rtt().toNanos() / 1e6, evidence);
    }
}
