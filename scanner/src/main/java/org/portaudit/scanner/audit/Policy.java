package org.portaudit.scanner.audit;

import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.PortRange;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.PolicySummary;

/**
 * The audit policy: ports allowed beyond the roles' needs, ports forbidden outright, and exceptions
 * with a justification and an expiry date; per role, per host (name, address, CIDR or range) or for
 * every host; on top of built-in defaults (telnet, r-services, VNC, X11, TFTP, SNMP answering the
 * community 'public'). The file format and the exact semantics are in the README ("Policy").
 *
 * <p>Precedence for a port on a host: matching host sections, then the chosen roles' sections, then
 * {@code all}, then the built-in defaults; the first level with a rule for the port decides, and
 * within one level forbid beats allow. A built-in default never applies to a port a chosen role
 * expects (the role needs it), except the SNMP rule, which is about the community, not the port.
 */
public final class Policy {
    /** Raised for a malformed policy file; the message names file, line and what is wrong. */
    public static final class PolicyError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyError(String message) {
            super(message);
        }
    }

    /** Allow or forbid. */
    public enum Action {
        ALLOW("allow"), FORBID("forbid");

        private final String word;

        Action(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** One port rule: a range on one transport, with its reason and where it was written. */
    public record PortRule(Action action, Transport transport, PortRange range, String reason, String scope,
                           boolean snmpPublic) {
        boolean covers(Transport t, int port) {
            return transport == t && range.contains(port);
        }

        public String ports() {
            return range + "/" + transport.id();
        }

        /** The SNMP rule forbids only an agent that answered the community 'public'. */
        boolean appliesTo(List<Evidence> evidence) {
            return !snmpPublic || answersPublic(evidence);
        }

        PolicyRule summary() {
            return new PolicyRule(scope, action == Action.FORBID ? PolicyRule.Kind.FORBID : PolicyRule.Kind.ALLOW,
                    List.of(typed(this)), reason, null);
        }

        static PolicyRule.Ports typed(PortRule r) {
            return new PolicyRule.Ports(r.transport(), r.range().low(), r.range().high());
        }
    }

    /**
     * Where a section says the host's RPC services listen (README, "Policy", {@code rpc}): the dynamic range
     * restricted in the registry (Microsoft KB 154596), and the services pinned to a fixed port. Null fields:
     * not said.
     */
    public record RpcPolicy(PortRange range, Map<String, Integer> fixed, String reason, String scope) {
        public RpcPolicy {
            fixed = Map.copyOf(fixed);
        }
    }

    /** A service an {@code rpc.fixed} entry can pin: the RPC interface it registers and the setting that pins it. */
    public record FixedRpcService(String key, java.util.UUID interfaceId, String name, String setting) {
    }

    /** The fixed-port settings portaudit knows, by their policy key; the interfaces as the RPC registry knows them. */
    public static final Map<String, FixedRpcService> FIXED_RPC_SERVICES = Map.of(
            "ntds", fixed("ntds", "drsuapi", "AD replication (drsuapi)",
                    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters 'TCP/IP Port' (KB 224196)"),
            "netlogon", fixed("netlogon", "netlogon", "Netlogon",
                    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon\\Parameters 'DCTcpipPort' (KB 224196)"));

    private static FixedRpcService fixed(String key, String iface, String name, String setting) {
        return new FixedRpcService(key, org.portaudit.scanner.rpc.RpcInterfaces.byName(iface).orElseThrow().uuid(),
                name, setting);
    }

    /** The rules of one section ({@code all}, a role, a host), and its {@code rpc} entry (null: none). */
    record Section(List<PortRule> rules, RpcPolicy rpc) {
        static final Section EMPTY = new Section(List.of(), null);

        Section(List<PortRule> rules) {
            this(rules, null);
        }

        Optional<PortRule> decide(Transport t, int port, List<Evidence> evidence) {
            PortRule allow = null;
            for (PortRule r : rules) {
                if (r.covers(t, port) && r.appliesTo(evidence)) {
                    if (r.action() == Action.FORBID) {
                        return Optional.of(r);
                    }
                    allow = allow == null ? r : allow;
                }
            }
            return Optional.ofNullable(allow);
        }
    }

    /** A host section or an exception's host scope: a name, an address, a CIDR block or a range. */
    record HostMatch(String key, TargetSpec spec, java.net.InetAddress literal) {
        static HostMatch parse(String key) {
            TargetSpec spec = TargetSpec.parse(key, false);
            java.net.InetAddress literal = null;
            if (spec instanceof TargetSpec.Name && (TargetSpec.IPV4.matcher(key).matches() || key.contains(":"))) {
                try {
                    literal = java.net.InetAddress.getByName(key); // a literal: no lookup, and only once, here
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("bad address '" + key + "'");
                }
            }
            return new HostMatch(key, spec, literal);
        }

        boolean matches(Target t) {
            if (spec instanceof TargetSpec.Block b) {
                if (t.address() == null) {
                    return false;
                }
                byte[] a = t.address().getAddress();
                BigInteger v = new BigInteger(1, a);
                return a.length == b.bytes() && v.compareTo(b.first()) >= 0 && v.compareTo(b.last()) <= 0;
            }
            if (key.equalsIgnoreCase(t.given()) || key.equalsIgnoreCase(t.name())) {
                return true;
            }
            return literal != null && literal.equals(t.address());
        }
    }

    /**
     * An exception: a finding on one of its ports becomes ok with a note, until it expires (the
     * expiry day is the last day it applies).
     */
    public record PortException(List<PortRule> ports, HostMatch host, String role, String justification,
                                LocalDate expires) {
        boolean covers(Transport t, PortRange range) {
            for (PortRule p : ports) {
                if (p.transport() == t && p.range().low() <= range.low() && range.high() <= p.range().high()) {
                    return true;
                }
            }
            return false;
        }

        public boolean expiredOn(LocalDate today) {
            return today.isAfter(expires);
        }

        String portsText() {
            return String.join(", ", ports.stream().map(PortRule::ports).toList());
        }

        PolicyRule summary() {
            List<String> scope = new ArrayList<>();
            if (host != null) {
                scope.add("host " + host.key());
            }
            if (role != null) {
                scope.add("role " + role);
            }
            return new PolicyRule(scope.isEmpty() ? "all" : String.join(", ", scope), PolicyRule.Kind.EXCEPTION,
                    ports.stream().map(PortRule::typed).toList(), justification, expires.toString());
        }
    }

    public static final String SNMP_PUBLIC_REASON = "SNMP answers the community 'public'";

    /** The built-in defaults: forbidden on every host unless a chosen role expects the port or the policy allows it. */
    public static final List<PortRule> BUILT_IN = List.of(
            builtIn(23, 23, Transport.TCP, "telnet: cleartext remote shell, passwords on the wire"),
            builtIn(69, 69, Transport.UDP, "TFTP: unauthenticated file transfer"),
            builtIn(512, 512, Transport.TCP, "rexec: cleartext remote execution"),
            builtIn(513, 513, Transport.TCP, "rlogin: cleartext remote login, address-based trust"),
            builtIn(514, 514, Transport.TCP, "rsh: cleartext remote shell, address-based trust"),
            builtIn(5800, 5800, Transport.TCP, "VNC over HTTP: remote desktop outside Windows' authentication"),
            builtIn(5900, 5903, Transport.TCP, "VNC: remote desktop outside Windows' authentication"),
            builtIn(6000, 6000, Transport.TCP, "X11: a network display server lets its clients read keystrokes"),
            new PortRule(Action.FORBID, Transport.UDP, PortRange.single(161), SNMP_PUBLIC_REASON, "built-in", true));

    private static PortRule builtIn(int low, int high, Transport t, String reason) {
        return new PortRule(Action.FORBID, t, new PortRange(low, high), reason, "built-in", false);
    }

    private final String file;
    private final Section all;
    private final Map<String, Section> roles;
    private final Map<HostMatch, Section> hosts;
    private final List<PortException> exceptions;

    Policy(String file, Section all, Map<String, Section> roles, Map<HostMatch, Section> hosts,
                   List<PortException> exceptions) {
        this.file = file;
        this.all = all;
        this.roles = roles;
        this.hosts = hosts;
        this.exceptions = List.copyOf(exceptions);
    }

    /** Only the built-in defaults. */
    public static Policy builtIn() {
        return new Policy(null, Section.EMPTY, Map.of(), Map.of(), List.of());
    }

    /** Reads a policy file; PolicyError "file:line: what" when it is malformed. */
    public static Policy load(Path path, Catalog catalog) {
        return PolicyParser.load(path, catalog);
    }

    /** Parses a policy document; {@code file} names it in error messages. */
    public static Policy parse(String file, Reader in, Catalog catalog) {
        return PolicyParser.parse(file, in, catalog);
    }

    public String file() {
        return file;
    }

    public List<PortException> exceptions() {
        return exceptions;
    }

    /** Every port some rule forbids (built-in or written), to be probed on every host. */
    void forbiddenPorts(BitSet tcp, BitSet udp) {
        List<PortRule> rules = new ArrayList<>(BUILT_IN);
        rules.addAll(all.rules());
        roles.values().forEach(s -> rules.addAll(s.rules()));
        hosts.values().forEach(s -> rules.addAll(s.rules()));
        for (PortRule r : rules) {
            if (r.action() == Action.FORBID) {
                (r.transport() == Transport.UDP ? udp : tcp).set(r.range().low(), r.range().high() + 1);
            }
        }
    }

    /**
     * The policy for one host, resolved once: the host sections that match it and the chosen roles' sections
     * merged, so that judging a port is a lookup, never a parse or a name look-up.
     */
    public HostPolicy forHost(Target host, List<String> chosenRoles) {
        List<PortRule> hostRules = new ArrayList<>();
        RpcPolicy hostRpc = null;
        for (Map.Entry<HostMatch, Section> e : hosts.entrySet()) {
            if (e.getKey().matches(host)) {
                hostRules.addAll(e.getValue().rules());
                hostRpc = hostRpc != null ? hostRpc : e.getValue().rpc();
            }
        }
        List<PortRule> roleRules = new ArrayList<>();
        RpcPolicy roleRpc = null;
        for (String id : chosenRoles) {
            Section sec = roles.get(id);
            if (sec != null) {
                roleRules.addAll(sec.rules());
                roleRpc = roleRpc != null ? roleRpc : sec.rpc();
            }
        }
        List<PortException> mine = new ArrayList<>();
        for (PortException e : exceptions) {
            if ((e.host() == null || e.host().matches(host)) && (e.role() == null || chosenRoles.contains(e.role()))) {
                mine.add(e);
            }
        }
        return new HostPolicy(List.of(new Section(hostRules, hostRpc), new Section(roleRules, roleRpc), all), mine);
    }

    /** What the policy says about an open port on a host; see {@link HostPolicy#decide}. */
    Optional<PortRule> decide(Target host, List<String> chosenRoles, Transport t, int port, List<Evidence> evidence,
                              boolean expected) {
        return forHost(host, chosenRoles).decide(t, port, evidence, expected);
    }

    /** The exception for a finding on a host; see {@link HostPolicy#exceptionFor}. */
    Optional<PortException> exceptionFor(Target host, List<String> chosenRoles, Transport t, PortRange range,
                                         LocalDate today) {
        return forHost(host, chosenRoles).exceptionFor(t, range, today);
    }

    /** The policy as it applies to one host (levels in precedence order, and the exceptions that name it). */
    public static final class HostPolicy {
        private final List<Section> levels;
        private final List<PortException> exceptions;

        HostPolicy(List<Section> levels, List<PortException> exceptions) {
            this.levels = List.copyOf(levels);
            this.exceptions = List.copyOf(exceptions);
        }

        /** The {@code rpc} entry that applies: the first host section's that has one, else a role's, else all's. */
        public Optional<RpcPolicy> rpc() {
            return levels.stream().map(Section::rpc).filter(r -> r != null).findFirst();
        }

        /**
         * The deciding rule for an open port, or empty when no rule names it. {@code expected}: a chosen role
         * expects the port, so only the file's own rules and the SNMP rule count, not the built-in port defaults.
         */
        public Optional<PortRule> decide(Transport t, int port, List<Evidence> evidence, boolean expected) {
            for (Section s : levels) {
                Optional<PortRule> d = s.decide(t, port, evidence);
                if (d.isPresent()) {
                    return d;
                }
            }
            for (PortRule r : BUILT_IN) {
                if (r.covers(t, port) && r.appliesTo(evidence) && (!expected || r.snmpPublic())) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        /**
         * The exception for a finding on {@code range}/{@code t}: one in force if there is one, else the latest
         * expired one (so the report can say it expired), else empty.
         */
        public Optional<PortException> exceptionFor(Transport t, PortRange range, LocalDate today) {
            PortException expired = null;
            for (PortException e : exceptions) {
                if (!e.covers(t, range)) {
                    continue;
                }
                if (!e.expiredOn(today)) {
                    return Optional.of(e);
                }
                if (expired == null || e.expires().isAfter(expired.expires())) {
                    expired = e;
                }
            }
            return Optional.ofNullable(expired);
        }
    }

    /** The policy as the report lists it. */
    public PolicySummary summary(LocalDate today, String group) {
        List<PolicyRule> builtIns = new ArrayList<>();
        for (PortRule r : BUILT_IN) {
            boolean allowedEverywhere = all.rules().stream().anyMatch(a -> a.action() == Action.ALLOW
                    && a.transport() == r.transport() && a.range().low() <= r.range().low()
                    && r.range().high() <= a.range().high());
            if (!allowedEverywhere) {
                builtIns.add(r.summary());
            }
        }
        List<PolicyRule> inForce = new ArrayList<>();
        List<PolicyRule> expired = new ArrayList<>();
        for (PortException e : exceptions) {
            (e.expiredOn(today) ? expired : inForce).add(e.summary());
        }
        return new PolicySummary(group, file, today.toString(), builtIns, inForce, expired);
    }

    /** True when an SNMP v2c reply proves the agent answered the community 'public'. */
    static boolean answersPublic(List<Evidence> evidence) {
        for (Evidence e : evidence) {
            if (e != null && e.matched() && e.probe().startsWith("udp:snmp-v2c")
                    && "public".equals(e.details().get("community"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Policy[" + (file == null ? "built-in" : file) + "]";
    }
}
