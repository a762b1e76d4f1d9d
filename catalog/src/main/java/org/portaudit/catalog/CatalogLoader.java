package org.portaudit.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads catalog YAML (see catalog/FORMAT.md) into records, validating every key and reference.
 * Built-in data and user files go through the same code.
 */
public final class CatalogLoader {
    static final String RESOURCE_DIR = "/org/portaudit/catalog/";
    static final List<String> BUILT_IN = List.of("services.yaml", "roles.yaml", "wellknown.yaml", "remedies.yaml");

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_$.-]{1,80}");
    private static final Set<String> TOP = Set.of("services", "roles", "wellknown", "firewallRules", "portOwners");
    private static final Set<String> RULE_KEYS = Set.of("service", "transport", "port", "group", "rule", "note", "source");
    private static final Set<String> OWNER_KEYS = Set.of("transport", "port", "service", "name", "note", "source");
    private static final Set<String> SOURCE_KEYS = Set.of("doc", "section", "kb", "url", "title");
    private static final Set<String> SERVICE_KEYS =
            Set.of("id", "name", "serviceName", "product", "description", "source", "ports", "firewall", "stopService");
    private static final Set<String> FIREWALL_KEYS = Set.of("group", "rule", "source");
    private static final Set<String> PORT_KEYS = Set.of("protocol", "transport", "port", "since", "until", "source", "note");
    private static final Set<String> ROLE_KEYS =
            Set.of("id", "name", "description", "source", "services", "requirements", "overrides");
    private static final Set<String> REF_KEYS = Set.of("service", "level", "reason", "from");
    private static final Set<String> REQ_KEYS =
            Set.of("protocol", "transport", "port", "since", "until", "source", "note", "level", "reason", "from");
    private static final Set<String> OVERRIDE_KEYS = Set.of("transport", "port", "level", "reason", "from");
    private static final Set<String> WELLKNOWN_KEYS = Set.of("port", "transport", "name", "description", "table");

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, String> roleFile = new LinkedHashMap<>();
    private final Map<String, Integer> roleLine = new LinkedHashMap<>();
    private final List<WellKnownPort> wellKnown = new ArrayList<>();
    private final List<FirewallRule> firewallRules = new ArrayList<>();
    private final Map<String, Integer> ruleLine = new LinkedHashMap<>();
    private final Map<String, String> ruleFile = new LinkedHashMap<>();
    private final List<PortOwner> portOwners = new ArrayList<>();

    private CatalogLoader() {
    }

    /** The catalog shipped in the jar. */
    public static Catalog builtIn() {
        CatalogLoader l = new CatalogLoader();
        l.addBuiltIn();
        return l.build();
    }

    /** The built-in catalog plus the user's files, whose roles and services replace built-in ones by id. */
    public static Catalog withUserFiles(List<Path> files) {
        CatalogLoader l = new CatalogLoader();
        l.addBuiltIn();
        for (Path f : files) {
            l.addFile(f);
        }
        return l.build();
    }

    /** A catalog of the given documents alone (name to YAML text), without the built-in data; for tests. */
    static Catalog ofDocuments(Map<String, String> docs) {
        CatalogLoader l = new CatalogLoader();
        docs.forEach((name, text) -> l.add(name, new java.io.StringReader(text)));
        return l.build();
    }

    private void addBuiltIn() {
        for (String name : BUILT_IN) {
            try (InputStream in = CatalogLoader.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new CatalogException(name, 0, "built-in catalog resource is missing from the jar");
                }
                add(name, new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CatalogException(name, 0, "cannot read built-in catalog: " + e.getMessage());
            }
        }
    }

    private void addFile(Path f) {
        add(f.toString(), () -> YamlReader.read(f));
    }

    /** Parses one document and adds what it defines. */
    void add(String file, Reader in) {
        add(file, () -> YamlReader.parse(file, in));
    }

    /** Adds what a document defines; a bad file (its reading, its YAML or its content) is a CatalogException. */
    private void add(String file, java.util.function.Supplier<YamlReader.Obj> document) {
        try {
            define(file, document.get());
        } catch (InputException e) {
            throw new CatalogException(e.file(), e.line(), e.what());
        }
    }

    private void define(String file, YamlReader.Obj root) {
        YamlReader.Obj doc = root.only(TOP, "a catalog file");
        Map<String, Integer> seenServices = new LinkedHashMap<>();
        for (YamlReader.Obj s : doc.list("services")) {
            Service svc = service(s);
            Integer prev = seenServices.put(svc.id(), s.line());
            if (prev != null) {
                throw s.error("id", "service '" + svc.id() + "' is defined twice in this file (first at line " + prev + ")");
            }
            services.put(svc.id(), svc);
        }
        Map<String, Integer> seenRoles = new LinkedHashMap<>();
        for (YamlReader.Obj o : doc.list("roles")) {
            Role role = role(o);
            Integer prev = seenRoles.put(role.id(), o.line());
            if (prev != null) {
                throw o.error("id", "role '" + role.id() + "' is defined twice in this file (first at line " + prev + ")");
            }
            roles.put(role.id(), role);
            roleFile.put(role.id(), file);
            roleLine.put(role.id(), o.line());
        }
        for (YamlReader.Obj w : doc.list("wellknown")) {
            wellKnown.add(wellKnown(w));
        }
        for (YamlReader.Obj r : doc.list("firewallRules")) {
            FirewallRule rule = firewallRule(r);
            String key = rule.serviceId() + " " + rule.transport().id() + " " + rule.port();
            firewallRules.removeIf(x -> (x.serviceId() + " " + x.transport().id() + " " + x.port()).equals(key));
            firewallRules.add(rule);
            ruleFile.put(key, file);
            ruleLine.put(key, r.line());
        }
        for (YamlReader.Obj o : doc.list("portOwners")) {
            PortOwner owner = portOwner(o);
            portOwners.removeIf(x -> x.transport() == owner.transport() && x.port() == owner.port());
            portOwners.add(owner);
        }
    }

    private Catalog build() {
        for (Role role : roles.values()) {
            for (ServiceRef ref : role.services()) {
                if (!services.containsKey(ref.serviceId())) {
                    throw new CatalogException(roleFile.get(role.id()), roleLine.get(role.id()), "role '" + role.id()
                            + "' uses unknown service '" + ref.serviceId() + "'"
                            + Suggest.didYouMean(ref.serviceId(), services.keySet()));
                }
            }
        }
        for (Role role : roles.values()) {
            checkPerspectives(role);
        }
        for (FirewallRule r : firewallRules) {
            String key = r.serviceId() + " " + r.transport().id() + " " + r.port();
            if (r.serviceId() == null) {
                continue; // the port's rule for requirements of no service
            }
            Service svc = services.get(r.serviceId());
            if (svc == null) {
                throw new CatalogException(ruleFile.get(key), ruleLine.get(key), "firewall rule '" + r.rule()
                        + "' names unknown service '" + r.serviceId() + "'" + Suggest.didYouMean(r.serviceId(), services.keySet()));
            }
            boolean listens = svc.endpoints().stream().anyMatch(e -> e.transport() == r.transport()
                    && (r.port().dynamicRpc() ? e.port().dynamicRpc()
                    : !e.port().dynamicRpc() && e.port().range().contains(r.port().range().low())));
            if (!listens) {
                throw new CatalogException(ruleFile.get(key), ruleLine.get(key), "firewall rule '" + r.rule()
                        + "' opens " + r.port() + "/" + r.transport().id() + ", which service '" + r.serviceId()
                        + "' has no endpoint on");
            }
        }
        return new Catalog(services, roles, wellKnown, firewallRules, portOwners);
    }

    /** An override whose perspectives share none with a service use it narrows leaves a port serving nobody. */
    private void checkPerspectives(Role role) {
        for (ServiceRef ref : role.services()) {
            for (Endpoint e : services.get(ref.serviceId()).endpoints()) {
                if (Catalog.perspectives(role, ref, e).isEmpty()) {
                    throw new CatalogException(roleFile.get(role.id()), roleLine.get(role.id()), "role '" + role.id()
                            + "': the overrides of " + e.transport().id() + " " + e.port() + " leave service '"
                            + ref.serviceId() + "' (from " + Perspective.join(ref.perspectives())
                            + ") serving no perspective");
                }
            }
        }
    }

    private static String id(YamlReader.Obj o) {
        String id = o.str("id");
        if (!ID.matcher(id).matches()) {
            throw o.error("id", "id '" + id + "' must be lower-case words joined by '-'");
        }
        return id;
    }

    private Service service(YamlReader.Obj s) {
        s.only(SERVICE_KEYS, "a service");
        String id = id(s);
        Source src = s.has("source") ? source(s.obj("source")) : null;
        List<Endpoint> eps = new ArrayList<>();
        for (YamlReader.Obj p : s.list("ports")) {
            p.only(PORT_KEYS, "a port of service '" + id + "'");
            eps.add(endpoint(p, src, "service '" + id + "'"));
        }
        if (eps.isEmpty()) {
            throw s.error("service '" + id + "' has no ports");
        }
        FirewallRemedy firewall = s.has("firewall") ? firewall(s.obj("firewall"), id) : null;
        String stop = s.optStr("stopService");
        if (stop != null && !stop.equals(Service.NOT_STOPPABLE) && !SERVICE_NAME.matcher(stop).matches()) {
            throw s.error("stopService", "stopService '" + Printable.of(stop) + "' of service '" + id
                    + "' must be a Windows service name (letters, digits, _ $ . -) or '" + Service.NOT_STOPPABLE + "'");
        }
        return new Service(id, s.str("name"), s.optStr("serviceName"), s.optStr("product"), s.str("description"),
                src, eps, firewall, stop);
    }

    private static FirewallRemedy firewall(YamlReader.Obj f, String serviceId) {
        f.only(FIREWALL_KEYS, "the firewall remedy of service '" + serviceId + "'");
        String group = f.str("group");
        String rule = f.optStr("rule");
        for (String key : new String[] {"group", "rule"}) {
            String v = f.optStr(key);
            if (v != null && (v.length() > 100 || !Printable.isPrintable(v) || v.contains("\"")
                    || v.contains("`") || v.contains("$"))) {
                throw f.error(key, "firewall " + key + " '" + Printable.of(v) + "' of service '" + serviceId
                        + "' must be a display name of at most 100 printable characters without quotes, ` or $");
            }
        }
        if (!f.has("source")) {
            throw f.error("the firewall remedy of service '" + serviceId + "' needs its own source");
        }
        return new FirewallRemedy(group, rule, source(f.obj("source")));
    }

    /** A display name for a PowerShell command line: bounded, printable, no quote, backtick or dollar. */
    private static String displayName(YamlReader.Obj o, String key, String what) {
        String v = o.str(key);
        if (v.isBlank() || v.length() > 100 || !Printable.isPrintable(v) || v.contains("\"") || v.contains("'")
                || v.contains("`") || v.contains("$")) {
            throw o.error(key, key + " '" + Printable.of(v) + "' of " + what
                    + " must be a name of at most 100 printable characters without quotes, ` or $");
        }
        return v;
    }

    private FirewallRule firewallRule(YamlReader.Obj r) {
        r.only(RULE_KEYS, "a firewall rule");
        String service = r.optStr("service");
        Transport t;
        try {
            t = Transport.parse(r.str("transport"));
        } catch (IllegalArgumentException e) {
            throw r.error("transport", e.getMessage());
        }
        if (t == Transport.IP) {
            throw r.error("transport", "a firewall rule of this catalog opens a tcp or udp port, not ip");
        }
        PortSpec port = portSpec(r, t);
        if (!port.dynamicRpc() && port.range().size() != 1) {
            throw r.error("port", "a firewall rule names one port or dynamic-rpc, not the range " + port);
        }
        String what = service == null ? "the firewall rule of " + port + "/" + t.id()
                : "the firewall rule of service '" + service + "' on " + port + "/" + t.id();
        String group = displayName(r, "group", what);
        String rule = displayName(r, "rule", what);
        if (!r.has("source")) {
            throw r.error(what + " needs a source");
        }
        return new FirewallRule(service, t, port, group, rule, r.optStr("note"), source(r.obj("source")));
    }

    private static PortOwner portOwner(YamlReader.Obj o) {
        o.only(OWNER_KEYS, "a port owner");
        Transport t;
        try {
            t = Transport.parse(o.str("transport"));
        } catch (IllegalArgumentException e) {
            throw o.error("transport", e.getMessage());
        }
        if (t == Transport.IP) {
            throw o.error("transport", "a port owner is for a tcp or udp port, not ip");
        }
        PortSpec port = portSpec(o, t);
        if (port.dynamicRpc() || port.range().size() != 1) {
            throw o.error("port", "a port owner names one port");
        }
        String service = o.str("service");
        if (!SERVICE_NAME.matcher(service).matches()) {
            throw o.error("service", "service '" + Printable.of(service) + "' of the owner of " + port + "/" + t.id()
                    + " must be a Windows service name (letters, digits, _ $ . -)");
        }
        if (service.contains("$")) {
            throw o.error("service", "service '" + service + "' must not hold $ (it is pasted into PowerShell)");
        }
        String name = displayName(o, "name", "the owner of " + port + "/" + t.id());
        if (!o.has("source")) {
            throw o.error("the owner of " + port + "/" + t.id() + " needs a source");
        }
        return new PortOwner(t, port.range().low(), service, name, o.optStr("note"), source(o.obj("source")));
    }

    /**
     * The perspectives of an entry's {@code from} (a word or a list of words); absent means
     * {@code absent} (all four, or null for an override that leaves them unchanged).
     */
    private static Set<Perspective> from(YamlReader.Obj o, Set<Perspective> absent) {
        if (!o.has("from")) {
            return absent;
        }
        List<YamlReader.Scalar> words = o.scalars("from");
        if (words.isEmpty()) {
            throw o.error("from", "'from' needs at least one of " + String.join(", ", Perspective.ids())
                    + " (leave it out for all four)");
        }
        Set<Perspective> out = java.util.EnumSet.noneOf(Perspective.class);
        for (YamlReader.Scalar w : words) {
            Perspective p;
            try {
                p = Perspective.parse(w.value());
            } catch (IllegalArgumentException e) {
                throw o.errorAt(w.line(), e.getMessage());
            }
            if (!out.add(p)) {
                throw o.errorAt(w.line(), "perspective '" + p.id() + "' is listed twice");
            }
        }
        return out;
    }

    private Endpoint endpoint(YamlReader.Obj p, Source inherited, String owner) {
        Transport t;
        try {
            t = Transport.parse(p.str("transport"));
        } catch (IllegalArgumentException e) {
            throw p.error("transport", e.getMessage());
        }
        PortSpec port = portSpec(p, t);
        Source src = p.has("source") ? source(p.obj("source")) : inherited;
        if (src == null) {
            throw p.error("port " + port + " of " + owner + " has no source (give the entry or the port one)");
        }
        return new Endpoint(p.str("protocol"), t, port, versions(p), src, p.optStr("note"));
    }

    private static PortSpec portSpec(YamlReader.Obj p, Transport t) {
        String raw = p.str("port");
        if (raw.equals(PortSpec.DYNAMIC_RPC)) {
            if (t == Transport.IP) {
                throw p.error("port", "dynamic-rpc needs transport tcp or udp, not ip");
            }
            return PortSpec.dynamic();
        }
        int max = t == Transport.IP ? 255 : 65535;
        int min = t == Transport.IP ? 0 : 1;
        int low;
        int high;
        java.util.regex.Matcher m = RANGE.matcher(raw);
        try {
            if (m.matches()) {
                low = Integer.parseInt(m.group(1));
                high = Integer.parseInt(m.group(2));
            } else {
                low = Integer.parseInt(raw);
                high = low;
            }
        } catch (NumberFormatException e) {
            throw p.error("port", "port '" + raw + "' must be a number, a range LOW-HIGH or dynamic-rpc");
        }
        if (low < min || high > max || low > high) {
            throw p.error("port", "port '" + raw + "' is out of range " + min + "-" + max
                    + (t == Transport.IP ? " (an IP protocol number)" : ""));
        }
        return PortSpec.of(new PortRange(low, high));
    }

    private static VersionRange versions(YamlReader.Obj o) {
        WindowsVersion since = version(o, "since");
        WindowsVersion until = version(o, "until");
        if (since != null && until != null && since.compareTo(until) > 0) {
            throw o.error("until", "until " + until.id() + " is before since " + since.id());
        }
        return since == null && until == null ? VersionRange.ALL : new VersionRange(since, until);
    }

    private static WindowsVersion version(YamlReader.Obj o, String key) {
        String v = o.optStr(key);
        if (v == null) {
            return null;
        }
        try {
            WindowsVersion w = WindowsVersion.parse(v);
            if (v.equalsIgnoreCase("current") || v.equalsIgnoreCase("latest")) {
                throw new IllegalArgumentException("'" + key + "' needs a version number, not '" + v + "'");
            }
            return w;
        } catch (IllegalArgumentException e) {
            throw o.error(key, e.getMessage());
        }
    }

    private static Source source(YamlReader.Obj o) {
        o.only(SOURCE_KEYS, "a source");
        if (!o.has("doc") && !o.has("kb") && !o.has("url")) {
            throw o.error("a source needs doc, kb or url");
        }
        return new Source(o.optStr("doc"), o.optStr("section"), o.optStr("kb"), o.optStr("url"), o.optStr("title"));
    }

    private static Level level(YamlReader.Obj o) {
        String raw = o.optStr("level");
        Level level;
        try {
            level = raw == null ? Level.REQUIRED : Level.parse(raw);
        } catch (IllegalArgumentException e) {
            throw o.error("level", e.getMessage());
        }
        if (level != Level.REQUIRED && !o.has("reason")) {
            throw o.error("level", "level " + level.id() + " needs a reason");
        }
        return level;
    }

    private Role role(YamlReader.Obj o) {
        o.only(ROLE_KEYS, "a role");
        String id = id(o);
        Source src = o.has("source") ? source(o.obj("source")) : null;
        if (src == null) {
            throw o.error("role '" + id + "' has no source");
        }
        List<ServiceRef> refs = new ArrayList<>();
        for (YamlReader.Obj r : o.list("services")) {
            r.only(REF_KEYS, "a service of role '" + id + "'");
            String sid = r.str("service");
            if (!services.containsKey(sid) && !ID.matcher(sid).matches()) {
                throw r.error("service", "service id '" + sid + "' is not a valid id");
            }
            if (!services.containsKey(sid)) {
                throw r.error("service", "role '" + id + "' uses unknown service '" + sid + "'"
                        + Suggest.didYouMean(sid, services.keySet()));
            }
            refs.add(new ServiceRef(sid, level(r), r.optStr("reason"), from(r, Perspective.all())));
        }
        List<RoleRequirement> reqs = new ArrayList<>();
        for (YamlReader.Obj r : o.list("requirements")) {
            r.only(REQ_KEYS, "a requirement of role '" + id + "'");
            reqs.add(new RoleRequirement(endpoint(r, src, "role '" + id + "'"), level(r), r.optStr("reason"),
                    from(r, Perspective.all())));
        }
        List<LevelOverride> overrides = new ArrayList<>();
        for (YamlReader.Obj r : o.list("overrides")) {
            r.only(OVERRIDE_KEYS, "an override of role '" + id + "'");
            Transport t;
            try {
                t = Transport.parse(r.str("transport"));
            } catch (IllegalArgumentException e) {
                throw r.error("transport", e.getMessage());
            }
            if (!r.has("level") && !r.has("from")) {
                throw r.error("an override needs a level, a 'from' or both");
            }
            if (r.has("level") && !r.has("reason")) {
                throw r.error("an override needs a reason");
            }
            overrides.add(new LevelOverride(t, portSpec(r, t), r.has("level") ? level(r) : null, r.optStr("reason"),
                    from(r, null)));
        }
        if (refs.isEmpty() && reqs.isEmpty()) {
            throw o.error("role '" + id + "' has neither services nor requirements");
        }
        return new Role(id, o.str("name"), o.str("description"), src, refs, reqs, overrides);
    }

    private static WellKnownPort wellKnown(YamlReader.Obj o) {
        o.only(WELLKNOWN_KEYS, "a well-known port");
        int port;
        try {
            port = Integer.parseInt(o.str("port"));
        } catch (NumberFormatException e) {
            throw o.error("port", "port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw o.error("port", "port " + port + " is out of range 0-65535");
        }
        String t = o.optStr("transport");
        if (t != null && !Set.of("tcp", "udp", "ddp").contains(t)) {
            throw o.error("transport", "transport '" + t + "' must be tcp, udp or ddp (or omitted)");
        }
        return new WellKnownPort(port, t, o.str("name"), o.optStr("description"), o.optStr("table"));
    }
}
