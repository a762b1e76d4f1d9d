package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.probes.tcp.identify.IdentifyChain;

/**
 * The scheduling side of one host in a run: hands out its tasks lazily (expected endpoints, then the
 * unexpected sweep, then the dynamic RPC ports once the endpoint mapper has listed them), counts what is
 * outstanding, and says when the host is done. What the probes found goes to its {@link HostResults}.
 * Touched only by the engine's control thread.
 */
final class HostScan {
    /** Where a result belongs: an expected endpoint by plan index, the unexpected sweep, or dynamic RPC. */
    record Slot(HostScan host, int index) {
        static final int UNEXPECTED = -1;
        static final int DYNAMIC_RPC = -2;
        /** A step of identifying an unexpected open TCP port (the task's port says which). */
        static final int IDENTIFY = -3;
        /** The second conversation on an expected endpoint whose first one asked for it (the port says which). */
        static final int SECOND_TRY = -4;
    }

    /** The endpoint-mapper lookup of this host. */
    enum Lookup { NONE, QUEUED, RUNNING, DONE }

    final long sequence;
    final HostResults results;
    final Policy.HostPolicy policy;
    private final AuditPlan plan;
    private Protocols protocols;
    private final ArrayDeque<Integer> dynamicPorts = new ArrayDeque<>();
    /** Unexpected open TCP ports being identified, and those whose next step waits for a free slot. */
    private final java.util.Map<Integer, IdentifyChain> identifying = new java.util.HashMap<>();
    /** Open ports in the dynamic RPC range seen while the mapper lookup runs: identified only if it does not list them. */
    private final List<Integer> heldForMapper = new java.util.ArrayList<>();
    private final ArrayDeque<Integer> toIdentify = new ArrayDeque<>();
    private int identifyRunning;
    /** An expected TCP endpoint's first result, waiting for its second conversation before it is recorded. */
    private record FirstTry(int index, ProbeResult<Slot> result, SecondTry again) {
    }

    /** Expected TCP endpoints, by port, whose first result waits for a second conversation. */
    private final java.util.Map<Integer, FirstTry> firstTries = new java.util.HashMap<>();
    private final ArrayDeque<Integer> toTryAgain = new ArrayDeque<>();
    /**
     * The plan index of 389/tcp when its rootDSE answer may name the host's domain (no domain was given), else
     * -1. It goes first; while it is pending, the endpoints whose probes ask about the domain (Kerberos,
     * kpasswd, DNS, CLDAP) wait in {@link #forDomain}: asked with the host's own domain they get its real answer (a KDC names its realm,
     * a DC's DNS serves its zone) instead of the answer to a made-up one.
     */
    private final int ldapIndex;
    private boolean domainPending;
    private final ArrayDeque<Integer> forDomain = new ArrayDeque<>();
    private boolean ldapIssued;
    private int e;
    private int t;
    private int u;
    private int issued;
    private int done;
    Lookup lookup = Lookup.NONE;
    /** In the auditor's ready queue (kept by the auditor: a flag, not a search of the queue). */
    boolean queued;

    HostScan(long sequence, Target target, AuditPlan plan, Protocols protocols, Policy.HostPolicy policy) {
        this.sequence = sequence;
        this.results = new HostResults(target, plan.expected().size());
        this.plan = plan;
        this.protocols = protocols;
        this.policy = policy;
        this.ldapIndex = protocols.domain().isEmpty() && protocols.tcp(389).isPresent()
                ? plan.indexOf(Transport.TCP, 389) : -1;
        this.domainPending = ldapIndex >= 0;
    }

    InetAddress address() {
        return results.target().address();
    }

    /** The next task of this host, or null when it has none right now. */
    ProbeTask<Slot> next() {
        ProbeTask<Slot> task = advance();
        if (task != null) {
            issued++;
        }
        return task;
    }

    /** True when {@link #next()} would give a task now. */
    boolean hasNext() {
        return !domainPending && !forDomain.isEmpty() || !toTryAgain.isEmpty() || canIdentify()
                || e < plan.expected().size() && hasProbeableFrom(e) || t < plan.unexpectedTcpCount()
                || u < plan.unexpectedUdpCount() || !dynamicPorts.isEmpty();
    }

    /** A port waits for its next identification step, and this host has a slot for it. */
    private boolean canIdentify() {
        return !toIdentify.isEmpty() && identifyRunning < protocols.identifier().map(i -> i.settings().perHost()).orElse(0);
    }

    private boolean hasProbeableFrom(int from) {
        List<ExpectedEndpoint> eps = plan.expected();
        for (int i = from; i < eps.size(); i++) {
            if (eps.get(i).probeable()) {
                return true;
            }
        }
        return false;
    }

    private ProbeTask<Slot> advance() {
        InetAddress addr = address();
        List<ExpectedEndpoint> expected = plan.expected();
        if (domainPending && !ldapIssued) {
            ldapIssued = true; // the rootDSE first: the endpoints that wait for it wait less
            return expectedTask(addr, ldapIndex);
        }
        if (!domainPending && !forDomain.isEmpty()) {
            return expectedTask(addr, forDomain.poll());
        }
        if (!toTryAgain.isEmpty()) {
            int port = toTryAgain.poll();
            return ProbeTask.tcp(addr, port, firstTries.get(port).again().conversation(), new Slot(this, Slot.SECOND_TRY));
        }
        while (e < expected.size()) {
            ExpectedEndpoint ep = expected.get(e);
            int idx = e++;
            if (ep.probeable()) {
                if (idx == ldapIndex && ldapIssued) {
                    continue; // went first
                }
                if (domainPending && protocols.asksAboutDomain(ep.transport(), ep.number())) {
                    forDomain.add(idx);
                    continue;
                }
                return expectedTask(addr, idx);
            }
        }
        if (canIdentify()) { // before the sweep goes on: a port's steps finish while its host is still open
            int port = toIdentify.poll();
            identifyRunning++;
            return ProbeTask.tcp(addr, port, identifying.get(port).next(), new Slot(this, Slot.IDENTIFY));
        }
        if (t < plan.unexpectedTcpCount()) {
            return ProbeTask.tcp(addr, plan.unexpectedTcp(t++), new Slot(this, Slot.UNEXPECTED));
        }
        if (u < plan.unexpectedUdpCount()) {
            int port = plan.unexpectedUdp(u++);
            return ProbeTask.udp(addr, port, protocols.udp(port), new Slot(this, Slot.UNEXPECTED));
        }
        Integer port = dynamicPorts.poll();
        return port == null ? null : ProbeTask.tcp(addr, port, new Slot(this, Slot.DYNAMIC_RPC));
    }

    private ProbeTask<Slot> expectedTask(InetAddress addr, int idx) {
        ExpectedEndpoint ep = plan.expected().get(idx);
        Slot slot = new Slot(this, idx);
        return ep.transport() == Transport.TCP
                ? protocols.tcp(ep.number()).map(c -> ProbeTask.tcp(addr, ep.number(), c, slot))
                        .orElseGet(() -> ProbeTask.tcp(addr, ep.number(), slot))
                : ProbeTask.udp(addr, ep.number(), protocols.udp(ep.number()), slot);
    }

    /** Records a result of this host's. */
    void accept(ProbeTask<Slot> task, ProbeResult<Slot> r) {
        done++;
        int index = task.tag().index();
        if (index >= 0 && task.transport() == Transport.TCP && r.state() == PortState.OPEN) {
            Optional<SecondTry> again = protocols.secondTry(task.port(), r.service());
            if (again.isPresent()) { // judged once the second conversation has spoken too
                firstTries.put(task.port(), new FirstTry(index, r, again.get()));
                toTryAgain.add(task.port());
                return;
            }
        }
        if (index == Slot.SECOND_TRY) {
            secondTryDone(task.port(), r);
            return;
        }
        if (index >= 0 && index == ldapIndex && domainPending) {
            domainPending = false; // whatever it said, the endpoints waiting for it go now
            if (r.state() == PortState.OPEN && r.service() != null
                    && r.service().matched()) {
                HostKnowledge.domainFrom(r.service()).ifPresent(d -> {
                    protocols = protocols.forDomain(d);
                    results.learnedDomain(d, "389/tcp", r.service());
                });
            }
        }
        if (index >= 0) {
            results.expected(index, r);
        } else if (index == Slot.UNEXPECTED) {
            results.unexpected(r);
            Transport tr = task.transport();
            if (tr == Transport.TCP && r.state() == PortState.OPEN
                    && plan.inScope(tr, task.port()) && protocols.identifier().isPresent()) {
                if ((lookup == Lookup.QUEUED || lookup == Lookup.RUNNING)
                        && plan.version().dynamicRpcRange().contains(task.port())) {
                    heldForMapper.add(task.port()); // likely an RPC endpoint: the mapper's list will say
                } else if (!results.advertisedTcpPorts().contains(task.port())) {
                    identify(task.port());
                }
            }
        } else if (index == Slot.IDENTIFY) {
            identifyRunning--;
            identified(task.port(), r);
        } else {
            results.dynamicRpc(r);
        }
    }

    private void secondTryDone(int port, ProbeResult<Slot> second) {
        FirstTry waiting = firstTries.remove(port);
        ProbeResult<Slot> first = waiting.result();
        Evidence said = second.state() == PortState.OPEN ? second.service()
                : Evidence.of(first.service().probe(), "the port was " + second.state().word() + " when connected again",
                false);
        Evidence merged = waiting.again().merge().apply(first.service(), said);
        results.expected(waiting.index(), new ProbeResult<>(first.task(), first.state(), first.rtt(), first.attempts(),
                first.evidence(), merged, first.icmpRateLimitSuspected(), first.paced()));
    }

    private void identified(int port, ProbeResult<Slot> r) {
        IdentifyChain chain = identifying.get(port);
        if (r.state() == PortState.OPEN) {
            chain.record(r.service());
        } else {
            chain.notOpen(r.state().word());
        }
        if (chain.over()) {
            identifying.remove(port);
            results.identified(port, chain.result());
        } else {
            toIdentify.add(port);
        }
    }

    private void identify(int port) {
        identifying.put(port, protocols.identifier().get().chain(port));
        toIdentify.add(port);
    }

    /** The mapper's list arrived: its advertised ports join this host's tasks. */
    void advertised() {
        dynamicPorts.addAll(results.advertisedTcpPorts());
        lookupDone();
    }

    /**
     * The lookup ended (with a list or without): the open ports held back because they looked like RPC
     * endpoints are identified now unless the mapper advertised them (the dynamic-RPC row accounts for those).
     */
    void lookupDone() {
        lookup = Lookup.DONE;
        Set<Integer> advertised = results.advertisedTcpPorts();
        for (int port : heldForMapper) {
            if (!advertised.contains(port)) {
                identify(port);
            }
        }
        heldForMapper.clear();
    }

    /** True when a result of 135/tcp makes this host worth an endpoint-mapper lookup. */
    boolean wantsLookup(int index, PortState state) {
        return lookup == Lookup.NONE && index >= 0 && index == plan.mapperIndex() && plan.needsDynamicRpc()
                && state == PortState.OPEN;
    }

    /** Everything handed out has come back, nothing more will be handed out, and no lookup is pending. */
    boolean complete() {
        return done == issued && !hasNext() && forDomain.isEmpty() && firstTries.isEmpty() && identifying.isEmpty() && lookup != Lookup.QUEUED && lookup != Lookup.RUNNING;
    }
}
