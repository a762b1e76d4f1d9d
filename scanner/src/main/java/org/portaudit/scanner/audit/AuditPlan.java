package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.PortSpec;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WindowsVersion;

/**
 * What to look at on every host: the endpoints the chosen roles expect (union of their
 * requirements, one entry per transport and port) and the ports swept for unexpected listeners.
 * The same for every host, so built once per run.
 */
public final class AuditPlan {
    private final List<Role> roles;
    private final WindowsVersion version;
    private final List<ExpectedEndpoint> expected;
    private final int[] unexpectedTcp;
    private final int[] unexpectedUdp;
    private final String unexpectedSpec;
    private final BitSet scopeTcp;
    private final BitSet scopeUdp;
    private final int mapperIndex;
    private final boolean needsDynamicRpc;
    private final Set<Perspective> from;

    /** A plan with the built-in policy's forbidden ports added to the sweep. */
    public AuditPlan(Catalog catalog, List<Role> roles, WindowsVersion version, UnexpectedScope scope) {
        this(catalog, roles, version, scope, Policy.builtIn());
    }

    /**
     * A plan whose sweep covers the scope plus every port the policy forbids (built-in or written, for
     * any host or role): a forbidden listener is looked for even with {@code --unexpected none}.
     */
    public AuditPlan(Catalog catalog, List<Role> roles, WindowsVersion version, UnexpectedScope scope, Policy policy) {
        this(catalog, roles, version, scope, policy, Perspective.all());
    }

    /**
     * A plan expecting only the ports that serve {@code from} (KB 179442's perspectives, picked exactly as
     * {@code roles show --from} picks them). A port the roles need only for other perspectives is neither
     * expected nor swept as unexpected: the role has it open for someone else, which is no finding of this run.
     */
    public AuditPlan(Catalog catalog, List<Role> roles, WindowsVersion version, UnexpectedScope scope, Policy policy,
                     Set<Perspective> from) {
        this.roles = List.copyOf(roles);
        this.version = version;
        this.from = Set.copyOf(from);
        BitSet otherTcp = new BitSet();
        BitSet otherUdp = new BitSet();
        Map<String, List<Requirement>> byEndpoint = new LinkedHashMap<>();
        Map<String, Transport> transports = new LinkedHashMap<>();
        Map<String, PortSpec> specs = new LinkedHashMap<>();
        for (Role r : roles) {
            for (Requirement q : catalog.requirements(r, version)) {
                if (!q.serves(from)) {
                    if (q.transport() != Transport.IP && !q.port().dynamicRpc() && q.port().range().size() == 1) {
                        (q.transport() == Transport.TCP ? otherTcp : otherUdp).set(q.port().range().low());
                    }
                    continue;
                }
                String key = q.transport().id() + "/" + q.port();
                byEndpoint.computeIfAbsent(key, k -> new ArrayList<>()).add(q);
                transports.put(key, q.transport());
                specs.put(key, q.port());
            }
        }
        List<ExpectedEndpoint> eps = new ArrayList<>();
        byEndpoint.forEach((k, reqs) -> eps.add(new ExpectedEndpoint(transports.get(k), specs.get(k), reqs)));
        eps.sort(Comparator.comparing((ExpectedEndpoint e) -> e.port().dynamicRpc())
                .thenComparingInt(e -> e.port().dynamicRpc() ? 0 : e.port().range().low())
                .thenComparing(ExpectedEndpoint::transport));
        this.expected = List.copyOf(eps);
        int mapper = -1;
        for (int i = 0; i < expected.size(); i++) {
            ExpectedEndpoint e = expected.get(i);
            if (e.probeable() && e.transport() == Transport.TCP && e.number() == 135) {
                mapper = i;
            }
        }
        this.mapperIndex = mapper;
        this.needsDynamicRpc = expected.stream().anyMatch(e -> e.port().dynamicRpc() && e.transport() == Transport.TCP);
        this.scopeTcp = (BitSet) scope.tcp().clone();
        this.scopeUdp = (BitSet) scope.udp().clone();
        BitSet tcp = (BitSet) scope.tcp().clone();
        BitSet udp = (BitSet) scope.udp().clone();
        tcp.andNot(otherTcp);
        udp.andNot(otherUdp);
        policy.forbiddenPorts(tcp, udp);
        for (ExpectedEndpoint e : expected) {
            if (e.probeable()) {
                (e.transport() == Transport.TCP ? tcp : udp).clear(e.number());
            }
        }
        this.unexpectedTcp = tcp.stream().toArray();
        this.unexpectedUdp = udp.stream().toArray();
        this.unexpectedSpec = scope.spec();
    }

    /** The perspectives the plan expects ports for. */
    public Set<Perspective> from() {
        return from;
    }

    public List<Role> roles() {
        return roles;
    }

    public WindowsVersion version() {
        return version;
    }

    public List<ExpectedEndpoint> expected() {
        return expected;
    }

    public int[] unexpectedTcp() {
        return unexpectedTcp.clone();
    }

    int unexpectedTcp(int i) {
        return unexpectedTcp[i];
    }

    int unexpectedUdp(int i) {
        return unexpectedUdp[i];
    }

    int unexpectedTcpCount() {
        return unexpectedTcp.length;
    }

    int unexpectedUdpCount() {
        return unexpectedUdp.length;
    }

    /** True when the port is in the --unexpected scope (not only swept because some rule forbids it). */
    boolean inScope(Transport t, int port) {
        return (t == Transport.UDP ? scopeUdp : scopeTcp).get(port);
    }

    /** The chosen roles' ids. */
    List<String> roleIds() {
        return roles.stream().map(Role::id).toList();
    }

    /** The index of the probeable expected endpoint {@code transport}/{@code port}, or -1 when none. */
    int indexOf(Transport transport, int port) {
        for (int i = 0; i < expected.size(); i++) {
            ExpectedEndpoint e = expected.get(i);
            if (e.probeable() && e.transport() == transport && e.number() == port) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the expected 135/tcp endpoint (the endpoint mapper), or -1 when no role expects it. */
    int mapperIndex() {
        return mapperIndex;
    }

    /** True when a chosen role needs dynamic RPC over TCP: worth an endpoint-mapper lookup where 135 answers. */
    boolean needsDynamicRpc() {
        return needsDynamicRpc;
    }

    public String unexpectedSpec() {
        return unexpectedSpec;
    }

    /** Probes per host: the probeable expected endpoints plus the unexpected sweep. */
    public int probesPerHost() {
        int n = 0;
        for (ExpectedEndpoint e : expected) {
            if (e.probeable()) {
                n++;
            }
        }
        return n + unexpectedTcp.length + unexpectedUdp.length;
    }
}
