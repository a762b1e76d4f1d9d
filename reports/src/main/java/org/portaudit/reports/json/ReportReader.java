package org.portaudit.reports.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Reader;
import java.util.Map;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Sanitize;

/**
 * Reads report.json of schema version 2, and of version 1 (written by portaudit 0.1.0) by upgrading its
 * tree first ({@link V1Upgrade}). Every error is one line that names what is wrong and where (line and
 * column), never a parser's class name or a quoted chunk of the input. A report file is hostile like the network:
 * every string in it is made printable before any renderer sees it ({@link #printable}).
 */
public final class ReportReader {
    private ReportReader() {
    }

    public static AuditReport read(Reader in) throws IOException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw bad("not JSON", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException("not a portaudit report: not a JSON object");
        }
        JsonNode v = tree.get("schemaVersion");
        if (v == null || v.isNull()) {
            throw new IOException("not a portaudit report: no schemaVersion");
        }
        if (!v.isIntegralNumber()) {
            throw new IOException("not a portaudit report: schemaVersion must be a whole number (1 or "
                    + AuditReport.SCHEMA_VERSION + "), not " + shown(v));
        }
        int version = v.canConvertToInt() ? v.intValue() : -1; // 2^32 + 2 is no 2
        if (version == 1) {
            try {
                tree = V1Upgrade.upgrade((ObjectNode) tree);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IOException("bad schema 1 report: " + Sanitize.text(e.getMessage(), 200));
            }
        } else if (version != AuditReport.SCHEMA_VERSION) {
            throw new IOException("unsupported report schema version " + shown(v) + " (this portaudit reads 1 and "
                    + AuditReport.SCHEMA_VERSION + ")");
        }
        String nul = SchemaNulls.firstNull(tree);
        if (nul != null) {
            throw new IOException("not a portaudit report: " + nul);
        }
        try {
            return Json.MAPPER.treeToValue(printable(tree), AuditReport.class);
        } catch (JsonProcessingException e) {
            throw bad("not a portaudit report", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a portaudit report: " + Sanitize.text(e.getMessage(), 200));
        }
    }

    /**
     * The tree with every string and every member name made printable ({@link Sanitize#text}, not shortened): a
     * hand-edited report's ESC or U+2028 reaches no renderer, whichever member holds it. What portaudit wrote is
     * printable already and reads back unchanged.
     */
    static JsonNode printable(JsonNode n) {
        if (n.isTextual()) {
            String t = n.textValue();
            String p = Sanitize.text(t, Integer.MAX_VALUE);
            return p.equals(t) ? n : TextNode.valueOf(p);
        }
        if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, printable(a.get(i)));
            }
            return a;
        }
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            ObjectNode out = o.objectNode();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                out.set(Sanitize.text(e.getKey(), Integer.MAX_VALUE), printable(e.getValue()));
            }
            return out;
        }
        return n;
    }

    /** A JSON value as a user would name it: the text "1", a list, an object, true, 2.5. */
    private static String shown(JsonNode v) {
        if (v.isTextual()) {
            return "the text \"" + Sanitize.text(v.textValue(), 20) + "\"";
        }
        if (v.isContainerNode()) {
            return v.isArray() ? "a list" : "an object";
        }
        return Sanitize.text(v.asText(), 20);
    }

    private static IOException bad(String what, JsonProcessingException e) {
        String msg;
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            msg = iae.getMessage(); // ours: "unknown finding 'blocked'", "port 70000 is outside 1-65535"
        } else if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException) {
            msg = "a member is missing or not what it should be"; // a constructor refused it (its words are Java's)
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            msg = expected(m.getTargetType());
        } else {
            msg = jacksonText(e.getOriginalMessage());
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ")";
        String path = path(e);
        return new IOException(what + ": " + Sanitize.text(msg, 160) + (path.isEmpty() ? "" : " at " + path) + where);
    }

    /** What a member should have been, by the type it is read into (never the type's Java name). */
    private static String expected(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class
                || t == short.class || t == Byte.class || t == byte.class) {
            return "expected a whole number";
        }
        if (Number.class.isAssignableFrom(t) || t == double.class || t == float.class) {
            return "expected a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "expected true or false";
        }
        if (t == String.class) {
            return "expected text";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "expected a list";
        }
        if (t.isEnum()) {
            return "expected one of its words";
        }
        return "expected an object";
    }

    /**
     * Jackson's own words, first clause only: without Java type names (in backticks or "(class ...)") and without
     * the quoted input it likes to repeat.
     */
    private static String jacksonText(String original) {
        String msg = original == null ? "" : original;
        msg = msg.replaceAll("(?s)\\s*\\(class [^)]*\\)", "").replaceAll("(?s)\\n.*", "");
        int cut = msg.indexOf(": was expecting");
        if (cut > 0) {
            msg = msg.substring(0, cut);
        }
        msg = msg.replaceAll("`[^`]*`", "a value").replaceAll("'[^']*'", "").replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\s+", " ").trim();
        return msg.isEmpty() ? "malformed" : msg;
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(Sanitize.text(r.getFieldName(), 40));
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
