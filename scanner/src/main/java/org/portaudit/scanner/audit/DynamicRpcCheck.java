package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.portaudit.catalog.Level;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.rpc.RpcEndpoint;
import org.portaudit.scanner.rpc.RpcInterfaces;

/**
 * One host's dynamic-RPC check: what the endpoint mapper on 135/tcp advertised, and whether each
 * advertised TCP port answers. Turns the catalog's "randomly assigned high TCP port" into concrete
 * ports, and explains the classic firewall mistakes in an administrator's words.
 */
final class DynamicRpcCheck {
    /** The verdict for the dynamic-rpc row of a host. */
    record Verdict(PortState state, FindingKind finding, String message, List<Evidence> evidence) {
    }

    private List<RpcEndpoint> endpoints;
    private String lookupError;
    private final Map<Integer, ProbeResult> probes = new TreeMap<>();

    void endpoints(List<RpcEndpoint> eps) {
        this.endpoints = List.copyOf(eps);
    }

    void lookupFailed(String message) {
        this.lookupError = message;
    }

    /**
     * The distinct ncacn_ip_tcp ports the mapper advertised. RPC over HTTP (ncacn_http, 593) is a
     * catalog endpoint of its own and is probed as such.
     */
    Set<Integer> tcpPorts() {
        Set<Integer> ports = new java.util.TreeSet<>();
        if (endpoints != null) {
            for (RpcEndpoint e : endpoints) {
                if (ipTcp(e) && e.port().getAsInt() != 135) {
                    ports.add(e.port().getAsInt());
                }
            }
        }
        return ports;
    }

    private static boolean ipTcp(RpcEndpoint e) {
        return RpcEndpoint.NCACN_IP_TCP.equals(e.protocolSequence()) && e.port().isPresent();
    }

    void probed(ProbeResult r) {
        probes.put(r.task().port(), r);
    }

    /**
     * @param mapper the 135/tcp result (null when 135 was not probed)
     * @param level  the dynamic-rpc requirement's level
     */
    Verdict judge(ProbeResult mapper, Level level, String range) {
        boolean required = level == Level.REQUIRED;
        if (mapper == null) {
            return new Verdict(null, FindingKind.NOT_CHECKED, "dynamic RPC (" + range + "): not checked ("
                    + "the endpoint mapper 135/tcp was not probed)", List.of());
        }
        if (mapper.state() != PortState.OPEN) {
            return new Verdict(mapper.state(), required ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK,
                    "endpoint mapper 135/tcp is " + mapper.state().word() + ": clients cannot find any dynamic RPC "
                            + "service, so everything behind it fails even where its high ports are open",
                    List.of(mapper.evidence()));
        }
        if (endpoints == null) {
            String why = lookupError != null ? lookupError : "no lookup was made (--connect-only)";
            return new Verdict(null, FindingKind.NOT_CHECKED, "endpoint mapper 135/tcp is open, but its endpoint "
                    + "list could not be read: " + why, List.of(mapper.evidence()));
        }
        Set<Integer> ports = tcpPorts();
        Evidence listing = listing();
        if (ports.isEmpty()) {
            return new Verdict(PortState.OPEN, FindingKind.NOT_CHECKED, "the endpoint mapper lists "
                    + endpoints.size() + " endpoint(s) but no TCP port to probe", List.of(listing));
        }
        List<Integer> blocked = new ArrayList<>();
        PortState worst = PortState.OPEN;
        List<RpcEndpoint> unreachable = new ArrayList<>();
        for (int p : ports) {
            ProbeResult r = probes.get(p);
            if (r == null || r.state() != PortState.OPEN) {
                blocked.add(p);
                if (r != null) {
                    worst = r.state();
                }
                for (RpcEndpoint e : endpoints) {
                    if (ipTcp(e) && e.port().getAsInt() == p) {
                        unreachable.add(e);
                    }
                }
            }
        }
        List<Evidence> ev = List.of(mapper.evidence(), listing);
        if (blocked.isEmpty()) {
            return new Verdict(PortState.OPEN, FindingKind.OK, "the endpoint mapper advertises " + ports.size()
                    + " dynamic TCP port(s) " + ports + "; all answer", ev);
        }
        String impact = RpcInterfaces.impactOf(unreachable);
        String msg = "endpoint mapper 135/tcp answers, but its dynamic port(s) " + blocked + " are "
                + worst.word() + (blocked.size() < ports.size() ? " (" + (ports.size() - blocked.size())
                + " of " + ports.size() + " answer)" : "") + (impact.isEmpty() ? "" : ": this breaks " + impact);
        return new Verdict(worst, required ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK, msg, ev);
    }

    /** The mapper's TCP endpoints as evidence: port to interfaces, with each port's state. */
    private Evidence listing() {
        Map<Integer, Set<String>> byPort = new TreeMap<>();
        for (RpcEndpoint e : endpoints) {
            if (ipTcp(e)) {
                String name = e.interfaceName() != null ? e.interfaceName() : e.interfaceVersion();
                byPort.computeIfAbsent(e.port().getAsInt(), k -> new LinkedHashSet<>()).add(name);
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        byPort.forEach((port, names) -> {
            ProbeResult r = probes.get(port);
            String state = port == 135 ? "mapper" : r == null ? "not probed" : r.state().word();
            details.put(port + "/tcp", state + ": " + String.join(", ", names));
        });
        return new Evidence("rpc-epm", "endpoint mapper lists " + endpoints.size() + " endpoint(s), "
                + byPort.size() + " TCP port(s)", true, details);
    }
}
