package org.portaudit.scanner.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.portaudit.catalog.InputException;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Suggest;
import org.portaudit.catalog.YamlReader;
import org.portaudit.scanner.audit.DomainName;
import org.portaudit.scanner.audit.TargetSpec;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an inventory file (README, "audit") through the one YAML reading layer ({@link YamlReader}),
 * which keeps line numbers and applies the input limits, so every error names file and line; unknown
 * and duplicate keys are errors, not silently ignored.
 */
public final class InventoryParser {
    private static final List<String> TOP_KEYS = List.of("name", "groups");
    private static final List<String> GROUP_KEYS = List.of("name", "hosts", "targets", "hostsFiles", "domain",
            "dnsServer", "roles", "policy", "from");

    private final Path base;
    private final boolean allowSpecial;

    private InventoryParser(Path path, boolean allowSpecial) {
        this.allowSpecial = allowSpecial;
        Path parent = path.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of(".") : parent;
    }

    /** Reads and checks {@code path}; InventoryException (file:line: what) when it is bad or cannot be read. */
    public static Inventory parse(Path path) {
        return parse(path, false);
    }

    /** As {@link #parse(Path)}; with {@code allowSpecial}, targets may be broadcast, multicast or unspecified. */
    public static Inventory parse(Path path, boolean allowSpecial) {
        try {
            return new InventoryParser(path, allowSpecial).inventory(YamlReader.read(path), path);
        } catch (InputException e) {
            throw new InventoryException(e.file(), e.line(), e.what());
        }
    }

    private Inventory inventory(YamlReader.Obj top, Path path) {
        if (top.keys().isEmpty()) {
            throw top.error("empty inventory: it needs 'groups'");
        }
        known(top, "the inventory", TOP_KEYS);
        String name = top.node("name") != null ? scalar(top, "name") : stem(path);
        if (top.node("groups") == null) {
            throw top.error("the inventory has no 'groups'");
        }
        if (!(top.node("groups") instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw top.error("groups", "'groups' must be a non-empty list of groups");
        }
        List<Group> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (YamlReader.Obj g : top.list("groups", "a group")) {
            i++;
            Group group = group(g, i);
            if (!names.add(group.name())) {
                throw g.error("two groups are named '" + group.name() + "'");
            }
            groups.add(group);
        }
        return new Inventory(name, path, groups, allowSpecial);
    }

    private Group group(YamlReader.Obj f, int index) {
        known(f, "a group", GROUP_KEYS);
        String name = f.node("name") != null ? scalar(f, "name") : "group " + index;
        List<String> hosts = targets(f, "hosts", false);
        List<String> targets = targets(f, "targets", true);
        List<Path> files = new ArrayList<>();
        for (YamlReader.Scalar s : f.scalars("hostsFiles")) {
            files.add(base.resolve(s.value()));
        }
        String domain = f.node("domain") != null ? scalar(f, "domain") : null;
        if (domain != null && DomainName.problem(domain) != null) {
            throw f.error("domain", DomainName.problem(domain));
        }
        String dns = f.node("dnsServer") != null ? scalar(f, "dnsServer") : null;
        if (dns != null) {
            if (domain == null) {
                throw f.error("dnsServer", "'dnsServer' is only used with 'domain'");
            }
            TargetSpec server;
            try {
                server = TargetSpec.parse(dns);
            } catch (IllegalArgumentException e) {
                throw f.error("dnsServer", "bad dnsServer: " + e.getMessage());
            }
            if (!(server instanceof TargetSpec.Name)) {
                throw f.error("dnsServer", "bad dnsServer '" + dns + "': expected an address or host name");
            }
        }
        if (hosts.isEmpty() && targets.isEmpty() && files.isEmpty() && domain == null) {
            throw f.error("group '" + name + "' has no hosts: give hosts, targets, hostsFiles or domain");
        }
        List<String> roles = f.scalars("roles").stream().map(YamlReader.Scalar::value).toList();
        if (roles.isEmpty()) {
            throw f.error("roles", "group '" + name + "' has no roles");
        }
        Path policy = f.node("policy") != null ? base.resolve(scalar(f, "policy")) : null;
        int policyLine = f.node("policy") != null ? f.line("policy") : 0;
        return new Group(name, f.line(), hosts, targets, files, domain, dns, roles, policy, policyLine,
                from(f, name));
    }

    /** A group's {@code from:} (a word or a list of words), each checked on its line; null when absent. */
    private static Set<Perspective> from(YamlReader.Obj f, String group) {
        if (f.node("from") == null) {
            return null;
        }
        List<YamlReader.Scalar> words = f.scalars("from");
        if (words.isEmpty()) {
            throw f.error("from", "group '" + group + "': 'from' needs at least one of "
                    + String.join(", ", Perspective.ids()));
        }
        Set<Perspective> out = EnumSet.noneOf(Perspective.class);
        for (YamlReader.Scalar w : words) {
            for (String word : w.value().split(",", -1)) { // "client, admin" as on the command line
                try {
                    out.add(Perspective.parse(word.trim()));
                } catch (IllegalArgumentException e) {
                    throw f.errorAt(w.line(), "group '" + group + "': " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** The hosts (names, addresses) or targets (blocks) of a group, each checked on its line. */
    private List<String> targets(YamlReader.Obj f, String key, boolean block) {
        List<String> out = new ArrayList<>();
        for (YamlReader.Scalar s : f.scalars(key)) {
            TargetSpec spec;
            try {
                spec = TargetSpec.parseTarget(s.value(), allowSpecial);
            } catch (IllegalArgumentException e) {
                throw f.errorAt(s.line(), e.getMessage());
            }
            if (block != (spec instanceof TargetSpec.Block)) {
                throw f.errorAt(s.line(), block ? "'" + s.value() + "' is not a CIDR block or range: list it under hosts"
                        : "'" + s.value() + "' is a block of addresses: list it under targets");
            }
            out.add(s.value());
        }
        return out;
    }

    /** Unknown keys are errors on their line, with a suggestion and the keys in their documented order. */
    private static void known(YamlReader.Obj o, String what, List<String> keys) {
        for (String k : o.keys()) {
            if (!keys.contains(k)) {
                throw o.keyError(k, "unknown key" + YamlReader.quoteKey(k) + " in " + what + Suggest.didYouMean(k, keys)
                        + " (keys: " + String.join(", ", keys) + ")");
            }
        }
    }

    private static String scalar(YamlReader.Obj o, String key) {
        if (!(o.node(key) instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw o.error(key, "'" + key + "' must be a single non-empty value");
        }
        return s.getValue().trim();
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
