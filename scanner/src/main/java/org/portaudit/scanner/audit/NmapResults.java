package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.nmap.NmapXml;

/**
 * The hosts of an nmap XML report judged as {@code scan} judges its own probes: each host's ports become the
 * {@link HostResults} the {@link Judge} reads (nmap's state for each expected endpoint, its open ports for the
 * unexpected ones), and the same judge, plan and policy make the host's report.
 *
 * <p>nmap's states map to portaudit's: open, closed, filtered and open|filtered are the same words;
 * closed|filtered (an idle scan could not tell which) is filtered, blocked either way; unfiltered (an ACK scan
 * reached the port but cannot tell open from closed) gives no state. An expected port nmap did not scan, or
 * scanned without the report saying its state, is not checked, with the reason: never taken for blocked.
 * Service names nmap gave are evidence, never a confirmation: nothing here speaks the protocol.
 */
public final class NmapResults {
    private final Judge judge;
    private final Policy policy;

    public NmapResults(Judge judge, Policy policy) {
        this.judge = judge;
        this.policy = policy;
    }

    /** Every host of the report, in its order; a host address that is not an IP literal refuses the report. */
    public List<HostReport> judge(NmapXml.Run run) {
        List<HostReport> out = new ArrayList<>(run.hosts().size());
        for (NmapXml.Host h : run.hosts()) {
            out.add(judge(run, h));
        }
        return out;
    }

    HostReport judge(NmapXml.Run run, NmapXml.Host h) {
        InetAddress address;
        try {
            address = TargetSpec.literalAddress(h.address());
        } catch (IllegalArgumentException e) {
            throw new NmapXml.Bad(org.portaudit.catalog.InputException.message(run.file(), 0,
                    "a host's address is not an IP address: " + e.getMessage()));
        }
        String given = h.userName() != null ? h.userName() : address.getHostAddress();
        Target target = Target.resolved(given, h.userName() != null ? h.userName() : h.ptrName(), address);
        if (h.status() != null && !h.status().equals("up")) {
            return HostReport.failed(given, null, "nmap reported the host " + h.status()
                    + (h.statusReason() == null ? "" : " (" + h.statusReason() + ")") + ": no port of it was scanned");
        }
        AuditPlan plan = judge.plan();
        List<ExpectedEndpoint> expected = plan.expected();
        HostResults seen = new HostResults(target, expected.size());
        Set<String> asExpected = new HashSet<>();
        int counted = 0;
        for (int i = 0; i < expected.size(); i++) {
            ExpectedEndpoint ep = expected.get(i);
            if (!ep.probeable()) {
                continue; // ranges and IP protocols: the judge says why; dynamic RPC: from 135/tcp, below
            }
            asExpected.add(ep.transport().id() + "/" + ep.number());
            NmapXml.Lookup found = run.lookup(h, ep.transport(), ep.number());
            if (found instanceof NmapXml.Lookup.Seen s && s.port().state() == NmapXml.State.UNFILTERED) {
                seen.notProbed(i, unfiltered(run, s.port()));
            } else if (found instanceof NmapXml.Lookup.Seen s) {
                seen.expected(i, result(run, address, s.port()));
                counted++;
            } else if (found instanceof NmapXml.Lookup.Unknown u) {
                seen.notProbed(i, u.why());
            } else if (found instanceof NmapXml.Lookup.NotScanned n) {
                seen.notProbed(i, n.why());
            }
        }
        if (plan.needsDynamicRpc()) {
            seen.rpcLookupFailed("an nmap report holds no endpoint-mapper list ('portaudit scan' and 'portaudit rpc' "
                    + "read it from 135/tcp)");
        }
        long reported = 0;
        for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
            for (NmapXml.Port p : h.ports(t).values()) {
                reported++;
                if (p.number() == 0 || asExpected.contains(t.id() + "/" + p.number())) {
                    continue;
                }
                if (p.state() == NmapXml.State.OPEN) {
                    seen.unexpected(result(run, address, p));
                    counted++;
                }
            }
        }
        for (NmapXml.Extra x : h.extras()) {
            reported += x.count();
        }
        // At most every TCP and UDP port, whatever counts a hostile report writes.
        seen.sweptNotOpen((int) Math.max(0, Math.min(reported, 2L * 65536) - counted));
        return judge.judge(seen, policy.forHost(target, plan.roleIds()), null);
    }

    /** nmap's state as portaudit's: closed|filtered is blocked either way, so filtered. */
    static PortState state(NmapXml.State s) {
        return switch (s) {
            case OPEN -> PortState.OPEN;
            case CLOSED -> PortState.CLOSED;
            case FILTERED, CLOSED_FILTERED -> PortState.FILTERED;
            case OPEN_FILTERED -> PortState.OPEN_FILTERED;
            case UNFILTERED -> throw new IllegalArgumentException("unfiltered has no portaudit state");
        };
    }

    private static ProbeResult<Void> result(NmapXml.Run run, InetAddress address, NmapXml.Port p) {
        ProbeTask<Void> task = p.transport() == Transport.UDP ? ProbeTask.udp(address, p.number(), null)
                : ProbeTask.tcp(address, p.number(), null);
        // No round trip and no attempts of portaudit's own: nmap's report gives neither per port.
        return new ProbeResult<>(task, state(p.state()), null, 0, evidence(run, p), null, false, Duration.ZERO);
    }

    /** What nmap said of the port: its reason first ("nmap: syn-ack"), then its state, scan and service name. */
    static Evidence evidence(NmapXml.Run run, NmapXml.Port p) {
        String type = run.scanTypes(p.transport());
        String reason = p.reason() == null ? "no reason given" : p.reason();
        StringBuilder summary = new StringBuilder("nmap: ").append(reason).append(" (")
                .append(p.state().word()).append(" in nmap").append(run.version() == null ? "" : " " + run.version())
                .append("'s ").append(type.isEmpty() ? "" : type + " ").append("scan")
                .append(p.listed() ? "" : ", one of its extraports").append(')');
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", "nmap");
        details.put("nmapState", p.state().word());
        if (p.reason() != null) {
            details.put("reason", p.reason());
        }
        if (p.reasonTtl() >= 0) {
            details.put("reasonTtl", p.reasonTtl());
        }
        if (!type.isEmpty()) {
            details.put("scanType", type);
        }
        if (!p.listed()) {
            details.put("extraports", true);
        }
        if (p.service() != null) {
            String product = String.join(" ", java.util.stream.Stream.of(p.product(), p.version(), p.extraInfo())
                    .filter(x -> x != null && !x.isEmpty()).toList());
            summary.append("; nmap names the service ").append(p.service()).append(product.isEmpty() ? "" : " (" + product + ")")
                    .append("probed".equals(p.method()) ? ", by version detection" : ", from the port number only");
            details.put("service", p.service());
            if (!product.isEmpty()) {
                details.put("product", product);
            }
            if (p.method() != null) {
                details.put("serviceMethod", p.method());
            }
        }
        boolean answered = p.reason() != null && !p.reason().equals("no-response");
        return new Evidence("nmap:" + (type.isEmpty() ? p.transport().id() : type), summary.toString(), answered,
                details);
    }

    private static String unfiltered(NmapXml.Run run, NmapXml.Port p) {
        return "nmap: unfiltered (" + (p.reason() == null ? "" : p.reason() + "; ") + "its "
                + run.scanTypes(p.transport()) + " scan reached the port but cannot tell open from closed): not checked";
    }
}
