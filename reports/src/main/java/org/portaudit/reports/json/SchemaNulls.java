package org.portaudit.reports.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Finds a null where the published report schema ({@code report.schema.json}) allows none: a list, an object or a
 * value that must be there. Without this a hand-edited {@code "hosts": null} read as no hosts, and a null inside a
 * list failed deep in a constructor with a Java message. Only nulls are checked here; types and words are the
 * binding's.
 */
final class SchemaNulls {
    private static final JsonNode SCHEMA = load();
    private static final JsonNode DEFS = SCHEMA.path("$defs");

    private SchemaNulls() {
    }

    private static JsonNode load() {
        try (InputStream in = SchemaNulls.class.getResourceAsStream("/org/portaudit/reports/report.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("report.schema.json is missing from the reports jar");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first disallowed null in a schema 2 tree, as "hosts[0].expected is null; expected a list", or null. */
    static String firstNull(JsonNode tree) {
        return check(tree, SCHEMA, "");
    }

    private static String check(JsonNode value, JsonNode schema, String path) {
        schema = resolve(schema);
        if (value == null || schema.isMissingNode()) {
            return null;
        }
        if (value.isNull()) {
            return allowsNull(schema) ? null : (path.isEmpty() ? "the report" : path) + " is null; expected "
                    + expected(schema);
        }
        JsonNode only = nonNullAlternative(schema);
        if (only != null) {
            return check(value, only, path);
        }
        if (value.isObject() && schema.has("properties")) {
            for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
                String bad = check(value.get(p.getKey()), p.getValue(), path.isEmpty() ? p.getKey()
                        : path + "." + p.getKey());
                if (bad != null) {
                    return bad;
                }
            }
        } else if (value.isObject() && schema.path("additionalProperties").isObject()) {
            for (Map.Entry<String, JsonNode> p : value.properties()) {
                String bad = check(p.getValue(), schema.get("additionalProperties"), path + "."
                        + org.portaudit.reports.model.Sanitize.text(p.getKey(), 40));
                if (bad != null) {
                    return bad;
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                String bad = check(value.get(i), schema.get("items"), path + "[" + i + "]");
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode schema) {
        for (int hops = 0; schema.has("$ref") && hops < 16; hops++) {
            String ref = schema.get("$ref").asText();
            schema = ref.startsWith("#/$defs/") ? DEFS.path(ref.substring("#/$defs/".length())) : SCHEMA.at(ref.substring(1));
        }
        return schema;
    }

    private static boolean allowsNull(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && (type.isArray() ? contains(type, "null") : "null".equals(type.asText()))) {
            return true;
        }
        if (schema.has("enum") && contains(schema.get("enum"), null)) {
            return true;
        }
        for (String k : new String[] {"oneOf", "anyOf"}) {
            for (JsonNode alt : schema.path(k)) {
                if (allowsNull(resolve(alt))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For "a value or null" (oneOf/anyOf of one schema and null): the one schema; else null. */
    private static JsonNode nonNullAlternative(JsonNode schema) {
        for (String k : new String[] {"oneOf", "anyOf"}) {
            JsonNode alts = schema.get(k);
            if (alts == null) {
                continue;
            }
            JsonNode found = null;
            for (JsonNode alt : alts) {
                JsonNode r = resolve(alt);
                if (!"null".equals(r.path("type").asText())) {
                    if (found != null) {
                        return null;
                    }
                    found = r;
                }
            }
            return found;
        }
        return null;
    }

    private static boolean contains(JsonNode array, String word) {
        for (JsonNode n : array) {
            if (word == null ? n.isNull() : word.equals(n.asText()) && n.isTextual()) {
                return true;
            }
        }
        return false;
    }

    private static String expected(JsonNode schema) {
        JsonNode only = nonNullAlternative(schema);
        JsonNode s = only != null ? only : schema;
        String type = s.path("type").isArray() ? s.path("type").path(0).asText() : s.path("type").asText();
        if (s.has("enum") || s.has("const")) {
            return "one of its words";
        }
        return switch (type) {
            case "array" -> "a list";
            case "object" -> "an object";
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            default -> "a value";
        };
    }
}
