package org.portaudit.scanner.inventory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portaudit.catalog.Suggest;
import org.portaudit.scanner.audit.TargetSpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an inventory file (README, "audit"). Works on SnakeYAML's node tree, which keeps line numbers,
 * so every error names file and line; unknown and duplicate keys are errors, not silently ignored.
 */
public final class InventoryParser {
    private static final List<String> TOP_KEYS = List.of("name", "groups");
    private static final List<String> GROUP_KEYS = List.of("name", "hosts", "targets", "hostsFiles", "domain",
            "dnsServer", "roles", "policy");

    private final String file;
    private final Path base;
    private final boolean allowSpecial;

    private InventoryParser(Path path, boolean allowSpecial) {
        this.allowSpecial = allowSpecial;
        this.file = path.toString();
        Path parent = path.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of(".") : parent;
    }

    /** Reads and checks {@code path}; InventoryException (file:line: what) when it is bad. */
    public static Inventory parse(Path path) {
        return parse(path, false);
    }

    /** As {@link #parse(Path)}; with {@code allowSpecial}, targets may be broadcast, multicast or unspecified. */
    public static Inventory parse(Path path, boolean allowSpecial) {
        InventoryParser p = new InventoryParser(path, allowSpecial);
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return p.inventory(p.compose(in), path);
        } catch (NoSuchFileException e) {
            throw new InventoryException(p.file, 0, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InventoryException(p.file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new InventoryException(p.file, 0, "cannot read: " + e.getMessage());
        }
    }

    private Node compose(Reader in) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setMaxAliasesForCollections(10);
        try {
            return new Yaml(opts).compose(in);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InventoryException(file, line, "not valid YAML: " + flat(e.getProblem()));
        } catch (YAMLException e) {
            throw new InventoryException(file, 0, "not valid YAML: " + flat(e.getMessage()));
        }
    }

    private Inventory inventory(Node root, Path path) {
        if (root == null) {
            throw new InventoryException(file, 1, "empty inventory: it needs 'groups'");
        }
        Map<String, Node> top = mapping(root, "the inventory", TOP_KEYS);
        String name = top.containsKey("name") ? scalar(top.get("name"), "name") : stem(path);
        Node groupsNode = top.get("groups");
        if (groupsNode == null) {
            throw new InventoryException(file, line(root), "the inventory has no 'groups'");
        }
        if (!(groupsNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw error(groupsNode, "'groups' must be a non-empty list of groups");
        }
        List<Group> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (Node g : seq.getValue()) {
            i++;
            Group group = group(g, i);
            if (!names.add(group.name())) {
                throw error(g, "two groups are named '" + group.name() + "'");
            }
            groups.add(group);
        }
        return new Inventory(name, path, groups, allowSpecial);
    }

    private Group group(Node node, int index) {
        Map<String, Node> f = mapping(node, "a group", GROUP_KEYS);
        String name = f.containsKey("name") ? scalar(f.get("name"), "name") : "group " + index;
        List<String> hosts = list(f.get("hosts"), "hosts");
        for (int i = 0; i < hosts.size(); i++) {
            check(hosts.get(i), item(f.get("hosts"), i), false);
        }
        List<String> targets = list(f.get("targets"), "targets");
        for (int i = 0; i < targets.size(); i++) {
            check(targets.get(i), item(f.get("targets"), i), true);
        }
        List<Path> files = new ArrayList<>();
        for (String s : list(f.get("hostsFiles"), "hostsFiles")) {
            files.add(base.resolve(s));
        }
        String domain = f.containsKey("domain") ? scalar(f.get("domain"), "domain") : null;
        if (domain != null && !domain.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw error(f.get("domain"), "bad domain '" + domain + "': expected a DNS domain such as corp.example");
        }
        String dns = f.containsKey("dnsServer") ? scalar(f.get("dnsServer"), "dnsServer") : null;
        if (dns != null) {
            if (domain == null) {
                throw error(f.get("dnsServer"), "'dnsServer' is only used with 'domain'");
            }
            TargetSpec server;
            try {
                server = TargetSpec.parse(dns);
            } catch (IllegalArgumentException e) {
                throw error(f.get("dnsServer"), "bad dnsServer: " + e.getMessage());
            }
            if (!(server instanceof TargetSpec.Name)) {
                throw error(f.get("dnsServer"), "bad dnsServer '" + dns + "': expected an address or host name");
            }
        }
        if (hosts.isEmpty() && targets.isEmpty() && files.isEmpty() && domain == null) {
            throw error(node, "group '" + name + "' has no hosts: give hosts, targets, hostsFiles or domain");
        }
        List<String> roles = list(f.get("roles"), "roles");
        if (roles.isEmpty()) {
            throw error(f.getOrDefault("roles", node), "group '" + name + "' has no roles");
        }
        Path policy = f.containsKey("policy") ? base.resolve(scalar(f.get("policy"), "policy")) : null;
        int policyLine = f.containsKey("policy") ? line(f.get("policy")) : 0;
        return new Group(name, line(node), hosts, targets, files, domain, dns, roles, policy, policyLine);
    }

    private void check(String target, Node at, boolean block) {
        TargetSpec spec;
        try {
            spec = TargetSpec.parseTarget(target, allowSpecial);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
        if (block != (spec instanceof TargetSpec.Block)) {
            throw error(at, block ? "'" + target + "' is not a CIDR block or range: list it under hosts"
                    : "'" + target + "' is a block of addresses: list it under targets");
        }
    }

    private Map<String, Node> mapping(Node node, String what, List<String> keys) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping (key: value)");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (k == null || !keys.contains(k)) {
                throw error(t.getKeyNode(), "unknown key '" + (k == null ? "?" : k) + "' in " + what
                        + (k == null ? "" : Suggest.didYouMean(k, keys)) + " (keys: " + String.join(", ", keys) + ")");
            }
            if (out.put(k, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), "duplicate key '" + k + "' in " + what);
            }
        }
        return out;
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw error(node, "'" + key + "' must be a single non-empty value");
        }
        return s.getValue().trim();
    }

    private List<String> list(Node node, String key) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node instanceof ScalarNode) {
            out.add(scalar(node, key));
            return out;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, "'" + key + "' must be a list");
        }
        for (Node n : seq.getValue()) {
            out.add(scalar(n, key));
        }
        return out;
    }

    private static Node item(Node node, int i) {
        return node instanceof SequenceNode seq ? seq.getValue().get(i) : node;
    }

    private InventoryException error(Node node, String what) {
        return new InventoryException(file, line(node), what);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String flat(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
