package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;

/** Results made up for judging tests: built directly from the plan, no engine, no task pumping. */
final class MadeUp {
    private MadeUp() {
    }

    /** What a probe of one port saw; null: the port was not probed. */
    interface Seen extends BiFunction<Transport, Integer, Outcome> {
    }

    /** A state, with the service evidence (null for none). */
    record Outcome(PortState state, Evidence service) {
        static Outcome closed() {
            return new Outcome(PortState.CLOSED, null);
        }

        static Outcome open(Evidence service) {
            return new Outcome(PortState.OPEN, service);
        }
    }

    static ProbeResult<Object> result(InetAddress addr, Transport t, int port, Outcome o) {
        ProbeTask<Object> task = t == Transport.UDP ? ProbeTask.udp(addr, port, null) : ProbeTask.tcp(addr, port, null);
        boolean answered = o.state() == PortState.OPEN || o.state() == PortState.CLOSED;
        Evidence ev = Evidence.of(t == Transport.UDP ? "udp" : "tcp-connect", o.state() == PortState.OPEN ? "SYN-ACK"
                : o.state() == PortState.CLOSED ? "RST" : "no answer", answered);
        return new ProbeResult<>(task, o.state(), answered ? Duration.ofMillis(1) : null, 1, ev, o.service(), false,
                Duration.ZERO);
    }

    /** Every port the plan probes on {@code target}, each seen as {@code seen} says. */
    static HostResults results(AuditPlan plan, Target target, Seen seen) {
        HostResults r = new HostResults(target, plan.expected().size());
        InetAddress addr = target.address();
        List<ExpectedEndpoint> eps = plan.expected();
        for (int i = 0; i < eps.size(); i++) {
            ExpectedEndpoint e = eps.get(i);
            if (e.probeable()) {
                Outcome o = seen.apply(e.transport(), e.number());
                if (o != null) {
                    r.expected(i, result(addr, e.transport(), e.number(), o));
                }
            }
        }
        for (int i = 0; i < plan.unexpectedTcpCount(); i++) {
            int p = plan.unexpectedTcp(i);
            Outcome o = seen.apply(Transport.TCP, p);
            r.unexpected(result(addr, Transport.TCP, p, o == null ? Outcome.closed() : o));
        }
        for (int i = 0; i < plan.unexpectedUdpCount(); i++) {
            int p = plan.unexpectedUdp(i);
            Outcome o = seen.apply(Transport.UDP, p);
            r.unexpected(result(addr, Transport.UDP, p, o == null ? Outcome.closed() : o));
        }
        return r;
    }
}
