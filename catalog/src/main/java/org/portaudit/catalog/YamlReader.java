package org.portaudit.catalog;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
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
 * The one YAML reading layer of portaudit (catalog, policy, inventory): a thin, line-aware view of a
 * YAML document, so each validation error can name file and line. The text comes through
 * {@link InputFile} (regular file, size, line length, UTF-8, printable), then SnakeYAML composes the
 * node tree with aliases, nesting depth and code points limited, then every scalar's length is
 * checked. Strict: duplicate keys are errors, and {@link Obj#only} makes unknown keys errors. Every
 * error is an {@link InputException} "file:line: what".
 */
public final class YamlReader {
    /** The longest scalar (one value) in characters. */
    public static final int MAX_SCALAR = 64 << 10;
    /** Aliases of collections per document (a "billion laughs" needs many). */
    public static final int MAX_ALIASES = 10;
    /** How deep collections may nest. */
    public static final int MAX_DEPTH = 50;

    private final String file;

    private YamlReader(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Reads and parses one YAML file; an empty document yields an empty mapping. */
    public static Obj read(Path path) {
        return parse(path.toString(), InputFile.read(path, InputFile.YAML));
    }

    /** Parses one document from a reader (a resource, a test's text) with the same limits. */
    public static Obj parse(String file, Reader in) {
        return parse(file, InputFile.read(file, in, InputFile.YAML));
    }

    private static Obj parse(String file, String text) {
        YamlReader r = new YamlReader(file);
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setMaxAliasesForCollections(MAX_ALIASES);
        opts.setNestingDepthLimit(MAX_DEPTH);
        opts.setCodePointLimit((int) InputFile.YAML.maxBytes());
        Node root;
        try {
            root = new Yaml(opts).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new InputException(file, line, "not valid YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new InputException(file, 0, "not valid YAML: " + oneLine(e.getMessage()));
        }
        if (root == null) {
            return new Obj(r, 1, new LinkedHashMap<>(), Map.of());
        }
        r.checkScalars(root, Collections.newSetFromMap(new IdentityHashMap<>()));
        return r.asObj(root, "the document", true);
    }

    /** Every scalar, keys included, at most {@link #MAX_SCALAR} characters; each node once (aliases share). */
    private void checkScalars(Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof ScalarNode s) {
            if (s.getValue().length() > MAX_SCALAR) {
                throw error(s, "a value longer than " + MAX_SCALAR + " characters");
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> checkScalars(n, seen));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                checkScalars(t.getKeyNode(), seen);
                checkScalars(t.getValueNode(), seen);
            }
        }
    }

    private InputException error(Node node, String what) {
        return new InputException(file, line(node), what);
    }

    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * A key as an error message quotes it (" 'colour'"), or nothing when it is not a word: a file that
     * is not in a portaudit format (/etc/shadow given as a catalog) has whole lines as keys, which an
     * error must never show.
     */
    public static String quoteKey(String key) {
        return KEY_WORD.matcher(key).matches() ? " '" + key + "'" : "";
    }

    private static final java.util.regex.Pattern KEY_WORD = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private Obj asObj(Node node, String what) {
        return asObj(node, what, false);
    }

    private Obj asObj(Node node, String what, boolean document) {
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
                throw error(k, "duplicate key" + quoteKey(k.getValue()) + (document ? "" : " in " + what)
                        + " (first at line " + first + ")");
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
        public InputException keyError(String key, String what) {
            return new InputException(r.file, keyLines.getOrDefault(key, line), what);
        }

        public int line() {
            return line;
        }

        public InputException error(String what) {
            return new InputException(r.file, line, what);
        }

        /** An error on a given line of this mapping's file. */
        public InputException errorAt(int atLine, String what) {
            return new InputException(r.file, atLine, what);
        }

        public InputException error(String key, String what) {
            Node n = fields.get(key);
            return n == null ? error(what) : r.error(n, what);
        }

        /** Rejects keys outside {@code allowed}, naming the line of the stray key. */
        public Obj only(Set<String> allowed, String what) {
            for (Map.Entry<String, Node> e : fields.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw r.error(e.getValue(), "unknown key" + quoteKey(e.getKey()) + " in " + what
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
            return obj(key, "'" + key + "'");
        }

        /** The mapping under {@code key}; {@code what} names it in the errors about it. */
        public Obj obj(String key, String what) {
            if (!fields.containsKey(key)) {
                throw error("missing key '" + key + "'");
            }
            return r.asObj(fields.get(key), what);
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
            return list(key, "an entry of '" + key + "'");
        }

        /** The mappings of a list-valued key, each named {@code what} in the errors about it. */
        public List<Obj> list(String key, String what) {
            List<Obj> out = new ArrayList<>();
            if (!has(key)) {
                return out;
            }
            Node n = fields.get(key);
            if (!(n instanceof SequenceNode seq)) {
                throw r.error(n, "'" + key + "' must be a list");
            }
            for (Node item : seq.getValue()) {
                out.add(r.asObj(item, what));
            }
            return out;
        }
    }
}
