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
final class YamlReader {
    private final String file;

    YamlReader(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Parses one document; an empty document yields an empty mapping. */
    Obj parse(Reader in) {
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
            return new Obj(this, 1, new LinkedHashMap<>());
        }
        return asObj(root, "the document");
    }

    CatalogException error(Node node, String what) {
        return new CatalogException(file, line(node), what);
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    Obj asObj(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping (key: value)");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "keys must be plain words");
            }
            fields.put(k.getValue(), t.getValueNode());
        }
        return new Obj(this, line(node), fields);
    }

    /** A YAML mapping with its line. */
    static final class Obj {
        private final YamlReader r;
        private final int line;
        private final Map<String, Node> fields;

        Obj(YamlReader r, int line, Map<String, Node> fields) {
            this.r = r;
            this.line = line;
            this.fields = fields;
        }

        int line() {
            return line;
        }

        CatalogException error(String what) {
            return new CatalogException(r.file, line, what);
        }

        CatalogException error(String key, String what) {
            Node n = fields.get(key);
            return n == null ? error(what) : r.error(n, what);
        }

        /** Rejects keys outside {@code allowed}, naming the line of the stray key. */
        Obj only(Set<String> allowed, String what) {
            for (Map.Entry<String, Node> e : fields.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw r.error(e.getValue(), "unknown key '" + e.getKey() + "' in " + what
                            + " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
            return this;
        }

        boolean has(String key) {
            return fields.containsKey(key) && !isNull(fields.get(key));
        }

        private static boolean isNull(Node n) {
            return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
        }

        String str(String key) {
            if (!has(key)) {
                throw error("missing key '" + key + "'");
            }
            return scalar(key);
        }

        String optStr(String key) {
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

        int line(String key) {
            Node n = fields.get(key);
            return n == null ? line : YamlReader.line(n);
        }

        Obj obj(String key) {
            return r.asObj(fields.get(key), "'" + key + "'");
        }

        /** The mappings of a list-valued key; an absent key is an empty list. */
        List<Obj> list(String key) {
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
