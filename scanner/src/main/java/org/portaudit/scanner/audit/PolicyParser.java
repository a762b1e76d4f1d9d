package org.portaudit.scanner.audit;

import java.io.Reader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.InputException;
import org.portaudit.catalog.PortList;
import org.portaudit.catalog.PortRange;
import org.portaudit.catalog.Suggest;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.YamlReader;
import org.portaudit.scanner.audit.Policy.Action;
import org.portaudit.scanner.audit.Policy.HostMatch;
import org.portaudit.scanner.audit.Policy.PolicyError;
import org.portaudit.scanner.audit.Policy.PortException;
import org.portaudit.scanner.audit.Policy.PortRule;
import org.portaudit.scanner.audit.Policy.RpcPolicy;
import org.portaudit.scanner.audit.Policy.Section;

/**
 * Reads a policy file (README, "Policy") into a {@link Policy} through the one YAML reading layer
 * ({@link YamlReader}): every error, from opening the file to a bad date, is a {@link PolicyError}
 * "file:line: what".
 */
final class PolicyParser {
    private static final Set<String> TOP = Set.of("all", "roles", "hosts", "exceptions");
    private static final Set<String> SECTION = Set.of("allow", "forbid", "rpc");
    private static final Set<String> RPC = Set.of("range", "fixed", "reason");
    private static final Set<String> RULE = Set.of("ports", "reason");
    private static final Set<String> EXCEPTION = Set.of("ports", "host", "role", "justification", "expires");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private PolicyParser() {
    }

    /** Reads a policy file; PolicyError "file:line: what" when it is malformed or cannot be read. */
    static Policy load(Path path, Catalog catalog) {
        try {
            return policy(path.toString(), YamlReader.read(path), catalog);
        } catch (InputException e) {
            throw new PolicyError(e.getMessage());
        }
    }

    /** Parses a policy document; {@code file} names it in error messages. */
    static Policy parse(String file, Reader in, Catalog catalog) {
        try {
            return policy(file, YamlReader.parse(file, in), catalog);
        } catch (InputException e) {
            throw new PolicyError(e.getMessage());
        }
    }

    private static Policy policy(String file, YamlReader.Obj root, Catalog catalog) {
        YamlReader.Obj doc = root.only(TOP, "a policy file");
        Section all = doc.has("all") ? section(doc.obj("all"), "all") : Section.EMPTY;
        Map<String, Section> roles = new LinkedHashMap<>();
        if (doc.has("roles")) {
            YamlReader.Obj o = doc.obj("roles");
            for (String id : o.keys()) {
                if (catalog.role(id).isEmpty()) {
                    throw o.keyError(id, "unknown role '" + id + "'" + Suggest.didYouMean(id, catalog.roles().keySet()));
                }
                roles.put(id, section(o.obj(id, "role '" + id + "'"), "role " + id));
            }
        }
        Map<HostMatch, Section> hosts = new LinkedHashMap<>();
        if (doc.has("hosts")) {
            YamlReader.Obj o = doc.obj("hosts");
            for (String key : o.keys()) {
                HostMatch m;
                try {
                    m = HostMatch.parse(key);
                } catch (IllegalArgumentException e) {
                    throw o.keyError(key, "bad host '" + key + "': " + e.getMessage());
                }
                hosts.put(m, section(o.obj(key, "host '" + key + "'"), "host " + key));
            }
        }
        List<PortException> exceptions = new ArrayList<>();
        for (YamlReader.Obj e : doc.list("exceptions")) {
            exceptions.add(exception(e.only(EXCEPTION, "an exception"), catalog));
        }
        return new Policy(file, all, roles, hosts, exceptions);
    }

    private static Section section(YamlReader.Obj o, String scope) {
        o.only(SECTION, scope.startsWith("all") ? "'all'" : scope);
        List<PortRule> rules = new ArrayList<>();
        for (Action a : Action.values()) {
            for (YamlReader.Obj rule : o.list(a.word())) {
                rule.only(RULE, (a == Action.ALLOW ? "an '" : "a '") + a.word() + "' entry");
                String reason = rule.str("reason");
                rules.addAll(ports(rule, a, reason, scope));
            }
        }
        return new Section(rules, o.has("rpc") ? rpc(o.obj("rpc", "'rpc'"), scope) : null);
    }

    /** {@code rpc: {range: 5000-5100, fixed: {ntds: 50000, netlogon: 50001}, reason: ...}}. */
    private static RpcPolicy rpc(YamlReader.Obj o, String scope) {
        o.only(RPC, "'rpc'");
        String reason = o.str("reason");
        PortRange range = null;
        String rangeText = o.optStr("range");
        if (rangeText != null) {
            PortList list;
            try {
                list = PortList.parse(rangeText, Transport.TCP);
            } catch (IllegalArgumentException e) {
                throw o.error("range", e.getMessage());
            }
            if (list.items().size() != 1 || list.items().get(0).transport() != Transport.TCP) {
                throw o.error("range", "'range' is one TCP port range, LOW-HIGH (the registry's Ports value)");
            }
            range = list.items().get(0).range();
            if (range.low() < 1024) {
                throw o.error("range", "RPC range " + range + " starts below 1024: Windows hands out dynamic RPC"
                        + " ports from 1024 up");
            }
        }
        Map<String, Integer> fixed = new LinkedHashMap<>();
        if (o.has("fixed")) {
            YamlReader.Obj f = o.obj("fixed", "'fixed'");
            for (String key : f.keys()) {
                if (!Policy.FIXED_RPC_SERVICES.containsKey(key)) {
                    throw f.keyError(key, "unknown fixed-port service '" + key + "'"
                            + Suggest.didYouMean(key, Policy.FIXED_RPC_SERVICES.keySet()) + " (known: "
                            + String.join(", ", new java.util.TreeSet<>(Policy.FIXED_RPC_SERVICES.keySet())) + ")");
                }
                String v = f.str(key);
                int port;
                try {
                    port = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw f.error(key, "bad port '" + v + "' for '" + key + "' (expected 1-65535)");
                }
                fixed.put(key, port);
            }
        }
        if (range == null && fixed.isEmpty()) {
            throw o.error("'rpc' needs 'range', 'fixed' or both");
        }
        return new RpcPolicy(range, fixed, reason, scope);
    }

    private static List<PortRule> ports(YamlReader.Obj o, Action a, String reason, String scope) {
        List<YamlReader.Scalar> items = o.scalars("ports");
        if (items.isEmpty()) {
            throw o.error("missing key 'ports'");
        }
        List<PortRule> out = new ArrayList<>();
        for (YamlReader.Scalar s : items) {
            PortList list;
            try {
                list = PortList.parse(s.value(), Transport.TCP);
            } catch (IllegalArgumentException e) {
                throw o.errorAt(s.line(), e.getMessage());
            }
            for (PortList.Item i : list.items()) {
                out.add(new PortRule(a, i.transport(), i.range(), reason, scope, false));
            }
        }
        return out;
    }

    private static PortException exception(YamlReader.Obj e, Catalog catalog) {
        String justification = e.str("justification");
        String expiresText = e.str("expires");
        LocalDate expires;
        if (!DATE.matcher(expiresText).matches()) {
            throw e.error("expires", "bad date '" + expiresText + "' for 'expires' (expected YYYY-MM-DD)");
        }
        try {
            expires = LocalDate.parse(expiresText);
        } catch (DateTimeParseException ex) {
            throw e.error("expires", "bad date '" + expiresText + "' for 'expires' (no such day)");
        }
        HostMatch host = null;
        String hostKey = e.optStr("host");
        if (hostKey != null) {
            try {
                host = HostMatch.parse(hostKey);
            } catch (IllegalArgumentException ex) {
                throw e.error("host", "bad host '" + hostKey + "': " + ex.getMessage());
            }
        }
        String role = e.optStr("role");
        if (role != null && catalog.role(role).isEmpty()) {
            throw e.error("role", "unknown role '" + role + "'" + Suggest.didYouMean(role, catalog.roles().keySet()));
        }
        return new PortException(ports(e, Action.ALLOW, justification, "exception"), host, role, justification,
                expires);
    }
}
