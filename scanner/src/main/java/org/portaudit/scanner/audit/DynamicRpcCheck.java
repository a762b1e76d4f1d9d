package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.PortRange;
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

    /**
     * Where the host's RPC endpoints should be: the dynamic range (the Windows version's, or the policy's
     * restricted one) and the services the policy pins to a fixed port.
     */
    record Expectation(PortRange range, String rangeSource, Map<UUID, Fixed> fixed) {
        /** The Windows version's range, nothing pinned. */
        private static final String WINDOWS = "the Windows version's dynamic range";

        static Expectation windows(PortRange range) {
            return new Expectation(range, WINDOWS, Map.of());
        }

        static Expectation of(PortRange windows, Optional<Policy.RpcPolicy> policy) {
            if (policy.isEmpty()) {
                return windows(windows);
            }
            Policy.RpcPolicy p = policy.get();
            Map<UUID, Fixed> fixed = new LinkedHashMap<>();
            p.fixed().forEach((key, port) -> {
                Policy.FixedRpcService svc = Policy.FIXED_RPC_SERVICES.get(key);
                fixed.put(svc.interfaceId(), new Fixed(port, svc, p.scope()));
            });
            return p.range() == null
                    ? new Expectation(windows, WINDOWS, fixed)
                    : new Expectation(p.range(), "the policy's restricted RPC range (" + p.scope() + ": "
                            + p.reason() + ")", fixed);
        }

        /** Why an endpoint on {@code port} with {@code behind} registered there is not where it should be; null when it is. */
        String misplaced(int port, List<RpcEndpoint> behind) {
            boolean pinnedHere = false;
            for (RpcEndpoint e : behind) {
                Fixed f = fixed.get(e.interfaceId());
                if (f == null) {
                    continue;
                }
                if (f.port() != port) {
                    return f.service().name() + " is pinned to " + f.port() + " by the policy (" + f.scope()
                            + "; " + f.service().setting() + "), but the mapper hands it out on " + port;
                }
                pinnedHere = true;
            }
            if (!pinnedHere && !range.contains(port)) {
                return "outside " + rangeSource + " " + range + ": a firewall rule for that range does not open it";
            }
            return null;
        }
    }

    /** A service the policy pins to {@code port}. */
    record Fixed(int port, Policy.FixedRpcService service, String scope) {
    }

    private DynamicRpcCheck() {
    }

    /** {@link #judge(ProbeResult, HostResults, Level, Expectation)} with the Windows version's range {@code range}. */
    static Verdict judge(ProbeResult<?> mapper, HostResults seen, Level level, PortRange range) {
        return judge(mapper, seen, level, Expectation.windows(range));
    }

    /**
     * @param mapper the 135/tcp result (null when 135 was not probed)
     * @param seen   the host's results: the mapper's list (or why it could not be read) and the ports' probes
     * @param level  the dynamic-rpc requirement's level
     * @param expect where the endpoints should be: the dynamic range, and the ports the policy pins
     */
    static Verdict judge(ProbeResult<?> mapper, HostResults seen, Level level, Expectation expect) {
        boolean required = level == Level.REQUIRED;
        String range = expect.range().toString();
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
        List<String> misplaced = new ArrayList<>();
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
            String why = expect.misplaced(p, behind);
            if (why != null) {
                misplaced.add(p + ": " + why);
            }
            rows.add(endpoint(p, r, behind, required, why));
        }
        for (Fixed f : expect.fixed().values()) {
            boolean advertised = byPort.values().stream().flatMap(List::stream)
                    .anyMatch(e -> e.interfaceId().equals(f.service().interfaceId()));
            if (!advertised) {
                misplaced.add(f.service().name() + " is pinned to " + f.port() + " by the policy (" + f.scope()
                        + "), but the mapper does not hand it out on any TCP port: the setting ("
                        + f.service().setting() + ") is not in effect, or the service is not running");
            }
        }
        List<Evidence> ev = List.of(mapper.evidence(), listing);
        String where = misplaced.isEmpty() ? "" : "; not where the policy and the Windows version put them: "
                + String.join("; ", misplaced);
        if (blocked.isEmpty()) {
            return new Verdict(PortState.OPEN, misplaced.isEmpty() ? FindingKind.OK : FindingKind.MISCONFIGURED,
                    "the endpoint mapper advertises " + ports.size() + " dynamic TCP port(s) " + ports + "; all answer"
                            + where, ev, rows);
        }
        String impact = RpcInterfaces.impactOf(unreachable);
        String msg = "endpoint mapper 135/tcp answers, but its dynamic port(s) " + blocked + " are "
                + worst.word() + (blocked.size() < ports.size() ? " (" + (ports.size() - blocked.size())
                + " of " + ports.size() + " answer)" : "") + (impact.isEmpty() ? "" : ": this breaks " + impact) + where;
        FindingKind kind = required ? FindingKind.REQUIRED_BLOCKED
                : misplaced.isEmpty() ? FindingKind.OK : FindingKind.MISCONFIGURED;
        return new Verdict(worst, kind, msg, ev, rows);
    }

    /** One advertised port: its own state and finding, and the interfaces registered behind it. */
    private static RpcEndpointCheck endpoint(int port, ProbeResult<?> r, List<RpcEndpoint> behind, boolean required,
                                             String misplaced) {
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
        String note = misplaced == null ? "" : "; " + misplaced;
        if (r == null) {
            return new RpcEndpointCheck(port, null, FindingKind.NOT_CHECKED, "advertised, not probed: " + serves + note,
                    null, 0, List.of(), ifaces);
        }
        Double rtt = r.rtt() == null ? null : r.rtt().toNanos() / 1e6;
        if (r.state() == PortState.OPEN) {
            return new RpcEndpointCheck(port, r.state(), misplaced == null ? FindingKind.OK : FindingKind.MISCONFIGURED,
                    "answers: " + serves + note, rtt, r.attempts(), List.of(r.evidence()), ifaces);
        }
        String impact = RpcInterfaces.impactOf(behind);
        FindingKind kind = required ? FindingKind.REQUIRED_BLOCKED
                : misplaced == null ? FindingKind.OK : FindingKind.MISCONFIGURED;
        return new RpcEndpointCheck(port, r.state(), kind,
                r.state().word() + (impact.isEmpty() ? ": " + serves : ": this breaks " + impact) + note, rtt,
                r.attempts(), List.of(r.evidence()), ifaces);
    }
}
