package org.portaudit.reports.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.Located;
import org.portaudit.reports.model.Span;

/**
 * Turns the tree of a schema 1 report (portaudit 0.1.0) into the schema 2 shape: ports as numbers (a range
 * as two numbers, dynamic RPC with the Windows version's range), evidence details typed and in one key
 * style, the dynamic RPC row's "rpc-epm" listing as one {@code endpoints} entry per advertised port, the
 * single {@code policy} as {@code policies}, and drift typed like the rest. Nothing a schema 1 report says
 * is dropped except the "rtt-ms" detail, which repeated the row's own {@code rttMillis}.
 */
final class V1Upgrade {
    private static final Pattern WHOLE = Pattern.compile("0|-?[1-9][0-9]{0,17}");
    private static final Pattern RPC_PORT = Pattern.compile("(\\d{1,5})/tcp");
    private static final Pattern AT_LEAST = Pattern.compile("at least (\\d{1,9}) \\(cut off\\)");
    /** Details whose digits are names, not quantities (a certificate serial in hex may be all digits). */
    private static final Set<String> TEXTUAL = Set.of("serial", "sha256", "replyHex", "replyText", "version",
            "dialect", "uuid", "errno", "community");

    private V1Upgrade() {
    }

    static ObjectNode upgrade(ObjectNode v1) {
        ObjectNode out = v1.deepCopy();
        out.put("schemaVersion", 2);
        ObjectNode options = obj(out, "options");
        if (!options.has("domain")) {
            options.putNull("domain");
        }
        Span dynamic = "2003".equals(options.path("windows").asText()) || "2003r2".equals(options.path("windows")
                .asText()) ? new Span(1025, 5000) : new Span(49152, 65535);
        for (JsonNode h : arr(out, "hosts")) {
            ObjectNode host = (ObjectNode) h;
            if (!host.has("group")) {
                host.putNull("group");
            }
            for (JsonNode c : arr(host, "expected")) {
                expected((ObjectNode) c, dynamic);
            }
            for (JsonNode u : arr(host, "unexpected")) {
                evidenceList((ObjectNode) u);
            }
        }
        JsonNode policy = out.remove("policy");
        ArrayNode policies = out.putArray("policies");
        if (policy != null && policy.isObject()) {
            ObjectNode p = ((ObjectNode) policy).deepCopy();
            ObjectNode withGroup = Json.object();
            withGroup.putNull("group");
            withGroup.setAll(p);
            for (String list : List.of("builtIn", "exceptions", "expired")) {
                for (JsonNode r : arr(withGroup, list)) {
                    rule((ObjectNode) r);
                }
            }
            policies.add(withGroup);
        }
        JsonNode drift = out.get("drift");
        if (drift != null && drift.isObject()) {
            ObjectNode d = (ObjectNode) drift;
            d.remove("counts");
            for (String list : List.of("new", "resolved", "persisting")) {
                for (JsonNode f : arr(d, list)) {
                    ObjectNode finding = (ObjectNode) f;
                    where(finding, Transport.parse(finding.path("transport").asText()),
                            finding.path("port").asText(), dynamic);
                }
            }
        } else {
            out.putNull("drift");
        }
        return out;
    }

    private static void expected(ObjectNode c, Span dynamic) {
        Transport t = Transport.parse(c.path("transport").asText());
        where(c, t, c.path("port").asText(), dynamic);
        evidenceList(c);
        ArrayNode endpoints = c.putArray("endpoints");
        if (!c.path("dynamicRpc").asBoolean()) {
            return;
        }
        for (JsonNode e : arr(c, "evidence")) {
            if ("rpc-epm".equals(e.path("probe").asText())) {
                listing((ObjectNode) e, c, endpoints);
            }
        }
    }

    /** Replaces the v1 string port with the typed location members. */
    private static void where(ObjectNode row, Transport t, String label, Span dynamic) {
        Located.Where w = Located.Where.parse(t, label, dynamic);
        row.remove("port");
        if (w.port() == null) {
            row.putNull("port");
        } else {
            row.put("port", w.port());
        }
        if (w.range() == null) {
            row.putNull("range");
        } else {
            row.putObject("range").put("low", w.range().low()).put("high", w.range().high());
        }
        row.put("dynamicRpc", w.dynamicRpc());
        if (w.ipProtocol() == null) {
            row.putNull("ipProtocol");
        } else {
            row.put("ipProtocol", w.ipProtocol());
        }
    }

    /**
     * v1's listing of the mapper's TCP ports ("49153/tcp": "open: lsarpc, drsuapi") becomes one endpoint entry per
     * port; the listing keeps its summary.
     */
    private static void listing(ObjectNode listing, ObjectNode row, ArrayNode endpoints) {
        ObjectNode details = listing.with("details");
        List<String> keys = new ArrayList<>();
        details.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            Matcher m = RPC_PORT.matcher(k);
            if (!m.matches()) {
                continue;
            }
            String v = details.path(k).asText();
            details.remove(k);
            int colon = v.indexOf(':');
            String state = colon < 0 ? v : v.substring(0, colon).trim();
            int port = Integer.parseInt(m.group(1));
            if (state.equals("mapper") || port == 135) {
                continue;
            }
            ObjectNode e = endpoints.addObject();
            e.put("port", port);
            boolean known = Set.of("open", "closed", "filtered", "unreachable").contains(state);
            if (known) {
                e.put("state", state);
            } else {
                e.putNull("state");
            }
            boolean open = state.equals("open");
            String rowFinding = row.path("finding").asText();
            e.put("finding", open ? "ok" : known && rowFinding.equals("required-blocked") ? "required-blocked"
                    : known ? "ok" : "not-checked");
            e.put("message", open ? "answers (from a schema 1 report)" : state + " (from a schema 1 report)");
            e.putNull("rttMillis");
            e.put("attempts", 0);
            e.putArray("evidence");
            ArrayNode ifaces = e.putArray("interfaces");
            if (colon >= 0) {
                for (String name : v.substring(colon + 1).split(",")) {
                    if (!name.isBlank()) {
                        ObjectNode i = ifaces.addObject();
                        i.putNull("uuid");
                        i.putNull("version");
                        i.put("name", name.trim());
                        i.putNull("specification");
                        i.putNull("breaks");
                        i.putNull("annotation");
                    }
                }
            }
        }
    }

    private static void evidenceList(ObjectNode row) {
        for (JsonNode e : arr(row, "evidence")) {
            JsonNode d = e.get("details");
            if (d != null && d.isObject()) {
                ((ObjectNode) e).set("details", details((ObjectNode) d));
            }
        }
    }

    /** One key style (lowerCamelCase), numbers as numbers. */
    private static ObjectNode details(ObjectNode d) {
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = camel(f.getKey());
            String v = f.getValue().asText();
            if (key.equals("rttMs")) {
                continue; // the row's rttMillis says it, as a number
            }
            if (RPC_PORT.matcher(f.getKey()).matches()) {
                out.set(f.getKey(), f.getValue()); // the rpc-epm listing, turned into endpoints by the caller
                continue;
            }
            Matcher cut = AT_LEAST.matcher(v);
            if (key.equals("replyBytes") && cut.matches()) {
                out.put("replyBytes", Long.parseLong(cut.group(1)));
                out.put("replyCutOff", true);
            } else if (!TEXTUAL.contains(key) && WHOLE.matcher(v).matches()) {
                out.put(key, Long.parseLong(v));
            } else if (v.equals("true") || v.equals("false")) {
                out.put(key, Boolean.parseBoolean(v));
            } else {
                out.put(key, v);
            }
        }
        return out;
    }

    /** "rtt-ms" -> "rttMs", "reply-bytes" -> "replyBytes"; already camel keys stay ({@link Evidence#key}). */
    static String camel(String key) {
        return Evidence.key(key);
    }

    /** A v1 rule's "ports" text ("23/tcp", "5900-5903/tcp", "23/tcp, 513/tcp") as typed entries. */
    private static void rule(ObjectNode r) {
        String text = r.path("ports").asText();
        ArrayNode ports = r.putArray("ports");
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int slash = p.indexOf('/');
            String t = slash < 0 ? "tcp" : p.substring(slash + 1);
            String range = slash < 0 ? p : p.substring(0, slash);
            int dash = range.indexOf('-');
            int low = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int high = dash < 0 ? low : Integer.parseInt(range.substring(dash + 1));
            ports.addObject().put("transport", Transport.parse(t).id()).put("low", low).put("high", high);
        }
    }

    private static ObjectNode obj(ObjectNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("no '" + key + "' object");
        }
        return (ObjectNode) v;
    }

    private static Iterable<JsonNode> arr(ObjectNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("'" + key + "' is not a list");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }
}
