package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.portaudit.catalog.Level;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.RpcInterfaceRef;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.rpc.RpcEndpoint;
import org.portaudit.scanner.rpc.RpcInterfaces;

/**
 * The dynamic-RPC verdict of one host, a pure function of what was seen: the 135/tcp result, what the
 * endpoint mapper advertised, and whether each advertised TCP port answers. Turns the catalog's
 * "randomly assigned high TCP port" into concrete ports, each judged on its own row, and explains the
 * classic firewall mistakes in an administrator's words.
 */
final class DynamicRpcCheck {
    /** The verdict for the dynamic-rpc row of a host, with one entry per advertised port. */
    record Verdict(PortState state, FindingKind finding, String message, List<Evidence> evidence,
                   List<RpcEndpointCheck> endpoints) {
    }

    private DynamicRpcCheck() {
    }

    /**
     * @param mapper the 135/tcp result (null when 135 was not probed)
     * @param seen   the host's results: the mapper's list (or why it could not be read) and the ports' probes
     * @param level  the dynamic-rpc requirement's level
     * @param range  the Windows version's dynamic range, for the messages
     */
    static Verdict judge(ProbeResult<?> mapper, HostResults seen, Level level, String range) {
        boolean required = level == Level.REQUIRED;
        if (mapper == null) {
            return new Verdict(null, FindingKind.NOT_CHECKED, "dynamic RPC (" + range + "): not checked ("
                    + "the endpoint mapper 135/tcp was not probed)", List.of(), List.of());
        }
        if (mapper.state() != PortState.OPEN) {
            return new Verdict(mapper.state(), required ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK,
                    "endpoint mapper 135/tcp is " + mapper.state().word() + ": clients cannot find any dynamic RPC "
                            + "service, so everything behind it fails even where its high ports are open",
                    List.of(mapper.evidence()), List.of());
        }
        List<RpcEndpoint> endpoints = seen.rpcEndpoints();
        if (endpoints == null) {
            String why = seen.rpcLookupError() != null ? seen.rpcLookupError() : "no lookup was made (--connect-only)";
            return new Verdict(null, FindingKind.NOT_CHECKED, "endpoint mapper 135/tcp is open, but its endpoint "
                    + "list could not be read: " + why, List.of(mapper.evidence()), List.of());
        }
        Set<Integer> ports = seen.advertisedTcpPorts();
        Map<Integer, List<RpcEndpoint>> byPort = new TreeMap<>();
        for (RpcEndpoint e : endpoints) {
            if (HostResults.ipTcp(e)) {
                byPort.computeIfAbsent(e.port().getAsInt(), k -> new ArrayList<>()).add(e);
            }
        }
        Evidence listing = new Evidence("rpc-epm", "endpoint mapper lists " + endpoints.size() + " endpoint(s), "
                + byPort.size() + " TCP port(s)", true, Map.of("endpoints", (long) endpoints.size(),
                "tcpPorts", (long) byPort.size()));
        if (ports.isEmpty()) {
            return new Verdict(PortState.OPEN, FindingKind.NOT_CHECKED, "the endpoint mapper lists "
                    + endpoints.size() + " endpoint(s) but no TCP port to probe", List.of(listing), List.of());
        }
        List<Integer> blocked = new ArrayList<>();
        PortState worst = PortState.OPEN;
        List<RpcEndpoint> unreachable = new ArrayList<>();
        List<RpcEndpointCheck> rows = new ArrayList<>();
        for (int p : ports) {
            ProbeResult<?> r = seen.dynamicRpcProbes().get(p);
            List<RpcEndpoint> behind = byPort.getOrDefault(p, List.of());
            boolean open = r != null && r.state() == PortState.OPEN;
            if (!open) {
                blocked.add(p);
                if (r != null) {
                    worst = r.state();
                }
                unreachable.addAll(behind);
            }
            rows.add(endpoint(p, r, behind, required));
        }
        List<Evidence> ev = List.of(mapper.evidence(), listing);
        if (blocked.isEmpty()) {
            return new Verdict(PortState.OPEN, FindingKind.OK, "the endpoint mapper advertises " + ports.size()
                    + " dynamic TCP port(s) " + ports + "; all answer", ev, rows);
        }
        String impact = RpcInterfaces.impactOf(unreachable);
        String msg = "endpoint mapper 135/tcp answers, but its dynamic port(s) " + blocked + " are "
                + worst.word() + (blocked.size() < ports.size() ? " (" + (ports.size() - blocked.size())
                + " of " + ports.size() + " answer)" : "") + (impact.isEmpty() ? "" : ": this breaks " + impact);
        return new Verdict(worst, required ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK, msg, ev, rows);
    }

    /** One advertised port: its own state and finding, and the interfaces registered behind it. */
    private static RpcEndpointCheck endpoint(int port, ProbeResult<?> r, List<RpcEndpoint> behind, boolean required) {
        List<RpcInterfaceRef> ifaces = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RpcEndpoint e : behind) {
            RpcInterfaces.Info info = RpcInterfaces.lookup(e.interfaceId()).orElse(null);
            String name = e.interfaceName() != null ? e.interfaceName() : info != null ? info.name() : null;
            names.add(name != null ? name : e.interfaceVersion());
            ifaces.add(new RpcInterfaceRef(e.interfaceId().toString(), e.versionMajor() + "." + e.versionMinor(), name,
                    info == null ? null : info.spec(), info == null ? null : info.impact(),
                    e.annotation() == null || e.annotation().isEmpty() ? null : e.annotation()));
        }
        String serves = String.join(", ", names.stream().distinct().toList());
        if (r == null) {
            return new RpcEndpointCheck(port, null, FindingKind.NOT_CHECKED, "advertised, not probed: " + serves, null,
                    0, List.of(), ifaces);
        }
        Double rtt = r.rtt() == null ? null : r.rtt().toNanos() / 1e6;
        if (r.state() == PortState.OPEN) {
            return new RpcEndpointCheck(port, r.state(), FindingKind.OK, "answers: " + serves, rtt, r.attempts(),
                    List.of(r.evidence()), ifaces);
        }
        String impact = RpcInterfaces.impactOf(behind);
        return new RpcEndpointCheck(port, r.state(), required ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK,
                r.state().word() + (impact.isEmpty() ? ": " + serves : ": this breaks " + impact), rtt, r.attempts(),
                List.of(r.evidence()), ifaces);
    }
}
