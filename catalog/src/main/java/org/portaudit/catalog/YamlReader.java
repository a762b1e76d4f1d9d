package org.portaudit.catalog;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A thin, line-aware view of a YAML document: every value keeps the line it was written on, so
 * each validation error can name file and line. Strict: unknown keys and duplicate keys are errors.
 */
public final class YamlReader {
    private final String file;

    public YamlReader(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Parses one document; an empty document yields an empty mapping. */
    public Obj parse(Reader in) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setMaxAliasesForCollections(10);
        opts.setCodePointLimit(16 * 1024 * 1024);
        Node root;
        try {
            root = new Yaml(opts).compose(in);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new CatalogException(file, line, "not valid YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new CatalogException(file, 0, "not valid YAML: " + oneLine(e.getMessage()));
        }
        if (root == null) {
            return new Obj(this, 1, new LinkedHashMap<>(), Map.of());
        }
        return asObj(root, "the document");
    }

    public CatalogException error(Node node, String what) {
        return new CatalogException(file, line(node), what);
    }

    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    public Obj asObj(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping (key: value)");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "keys must be plain words");
            }
            // SnakeYAML's duplicate-key check works when constructing objects, not on the node tree.
            Integer first = keyLines.put(k.getValue(), line(k));
            if (first != null) {
                throw error(k, "duplicate key '" + k.getValue() + "' (first at line " + first + ")");
            }
            fields.put(k.getValue(), t.getValueNode());
        }
        return new Obj(this, line(node), fields, keyLines);
    }

    /** One scalar value and the line it is on. */
    public record Scalar(String value, int line) {
    }

    /** A YAML mapping with its line. */
    public static final class Obj {
        private final YamlReader r;
        private final int line;
        private final Map<String, Node> fields;
        private final Map<String, Integer> keyLines;

        Obj(YamlReader r, int line, Map<String, Node> fields, Map<String, Integer> keyLines) {
            this.r = r;
            this.line = line;
            this.fields = fields;
            this.keyLines = keyLines;
        }

        /** An error about a key itself (an unknown name, a bad host), on the key's line. */
        public CatalogException keyError(String key, String what) {
            return new CatalogException(r.file, keyLines.getOrDefault(key, line), what);
        }

        public int line() {
            return line;
        }

        public CatalogException error(String what) {
            return new CatalogException(r.file, line, what);
        }

        /** An error on a given line of this mapping's file. */
        public CatalogException errorAt(int atLine, String what) {
            return new CatalogException(r.file, atLine, what);
        }

        public CatalogException error(String key, String what) {
            Node n = fields.get(key);
            return n == null ? error(what) : r.error(n, what);
        }

        /** Rejects keys outside {@code allowed}, naming the line of the stray key. */
        public Obj only(Set<String> allowed, String what) {
            for (Map.Entry<String, Node> e : fields.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw r.error(e.getValue(), "unknown key '" + e.getKey() + "' in " + what
                            + " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
            return this;
        }

        public boolean has(String key) {
            return fields.containsKey(key) && !isNull(fields.get(key));
        }

        private static boolean isNull(Node n) {
            return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
        }

        public String str(String key) {
            if (!has(key)) {
                throw error("missing key '" + key + "'");
            }
            return scalar(key);
        }

        public String optStr(String key) {
            return has(key) ? scalar(key) : null;
        }

        private String scalar(String key) {
            Node n = fields.get(key);
            if (!(n instanceof ScalarNode s)) {
                throw r.error(n, "'" + key + "' must be a single value, not a list or mapping");
            }
            String v = s.getValue().trim();
            if (v.isEmpty()) {
                throw r.error(n, "'" + key + "' is empty");
            }
            return v;
        }

        public int line(String key) {
            Node n = fields.get(key);
            return n == null ? line : YamlReader.line(n);
        }

        public Obj obj(String key) {
            return r.asObj(fields.get(key), "'" + key + "'");
        }

        /** The keys of this mapping, in file order. */
        public List<String> keys() {
            return List.copyOf(fields.keySet());
        }

        /** The raw node of a key (null when absent), for callers that need its line. */
        public Node node(String key) {
            return fields.get(key);
        }

        /**
         * The values of a key that holds one scalar or a list of scalars, each with its line; an absent
         * key is an empty list.
         */
        public List<Scalar> scalars(String key) {
            List<Scalar> out = new ArrayList<>();
            if (!has(key)) {
                return out;
            }
            Node n = fields.get(key);
            List<Node> items = n instanceof SequenceNode seq ? seq.getValue() : List.of(n);
            for (Node item : items) {
                if (!(item instanceof ScalarNode s) || s.getValue().isBlank()) {
                    throw r.error(item, "'" + key + "' must be a value or a list of values");
                }
                out.add(new Scalar(s.getValue().trim(), YamlReader.line(item)));
            }
            return out;
        }

        /** The mappings of a list-valued key; an absent key is an empty list. */
        public List<Obj> list(String key) {
            List<Obj> out = new ArrayList<>();
            if (!has(key)) {
                return out;
            }
            Node n = fields.get(key);
            if (!(n instanceof SequenceNode seq)) {
                throw r.error(n, "'" + key + "' must be a list");
            }
            for (Node item : seq.getValue()) {
                out.add(r.asObj(item, "each entry of '" + key + "'"));
            }
            return out;
        }
    }
}
