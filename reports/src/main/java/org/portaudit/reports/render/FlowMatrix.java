package org.portaudit.reports.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.Sanitize;
import org.portaudit.reports.text.TextTable;

/**
 * Several reports of the same hosts, each run from another vantage point, as one flow matrix: a row per host and
 * port (transport), a column per report (labelled by where it was run from: the source address its hosts were
 * probed from, or the report's file name where none is recorded), and in each cell what that vantage saw there:
 * the finding and the state. A cell is empty where that report did not look at the port at all.
 *
 * @param columns the reports, in the order given
 * @param rows    hosts in order of first appearance, each host's ports by number, then transport
 */
public record FlowMatrix(List<Column> columns, List<FlowRow> rows) {
    /** JSON shape of {@link #json}. */
    public static final String SCHEMA = "portaudit.flow/1";

    /** One report given: its file name (as text) and what it says. */
    public record Input(String file, AuditReport report) {
    }

    /**
     * One column: a report. {@code label} its heading (unique among the columns), {@code vantage} the distinct
     * source addresses its hosts were probed from, {@code from} the perspectives it asked for.
     */
    public record Column(String label, String file, List<String> vantage, String startedAt, String from) {
    }

    /** What one vantage saw on one port: the finding and the state (null when not probed). */
    public record Cell(String finding, String state) {
        /** "ok (open)", "required-blocked (filtered)", "not-checked". */
        public String text() {
            return state == null ? finding : finding + " (" + state + ")";
        }

        /** True for a finding that is a problem (required-blocked, unexpected-open ...). */
        public boolean problem() {
            return FindingKind.fromWord(finding).isProblem();
        }
    }

    /** One host's port: a cell per column, null where that report did not look at it. */
    public record FlowRow(String host, String address, String transport, String port, List<Cell> cells) {
        public String portLabel() {
            return port + "/" + transport;
        }
    }

    public FlowMatrix {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The matrix of {@code inputs} (at least one). */
    public static FlowMatrix of(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a flow matrix needs at least one report");
        }
        List<Column> columns = columns(inputs);
        Map<String, String> labels = new LinkedHashMap<>(); // host key -> label, first appearance order
        Map<String, String> addresses = new HashMap<>();
        Map<String, Map<String, Cell[]>> cells = new LinkedHashMap<>(); // host key -> "port/transport" -> cells
        Map<String, String[]> ports = new HashMap<>(); // "host|port/transport" -> {transport, port}
        for (int c = 0; c < inputs.size(); c++) {
            for (HostReport h : inputs.get(c).report().hosts()) {
                if (h.error() != null) {
                    continue; // not audited from there: nothing seen
                }
                String key = h.address() != null ? h.address() : h.target();
                labels.putIfAbsent(key, Observation.hostLabel(h));
                addresses.putIfAbsent(key, h.address());
                Map<String, Cell[]> byPort = cells.computeIfAbsent(key, k -> new LinkedHashMap<>());
                for (Observation o : Observation.of(h)) {
                    put(byPort, ports, key, o, c, inputs.size());
                    for (Observation e : o.endpoints()) {
                        put(byPort, ports, key, e, c, inputs.size());
                    }
                }
            }
        }
        List<FlowRow> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Cell[]>> host : cells.entrySet()) {
            List<FlowRow> hostRows = new ArrayList<>();
            for (Map.Entry<String, Cell[]> p : host.getValue().entrySet()) {
                String[] tp = ports.get(host.getKey() + "|" + p.getKey());
                hostRows.add(new FlowRow(labels.get(host.getKey()), addresses.get(host.getKey()), tp[0], tp[1],
                        java.util.Arrays.asList(p.getValue().clone())));
            }
            hostRows.sort(Comparator.comparingInt((FlowRow r) -> ConsoleRenderer.portSortKey(r.port())).thenComparing(FlowRow::port)
                    .thenComparing(FlowRow::transport));
            rows.addAll(hostRows);
        }
        return new FlowMatrix(columns, rows);
    }

    private static void put(Map<String, Cell[]> byPort, Map<String, String[]> ports, String host, Observation o,
                            int column, int width) {
        String label = o.port() + "/" + o.transport();
        Cell[] row = byPort.computeIfAbsent(label, k -> new Cell[width]);
        ports.putIfAbsent(host + "|" + label, new String[] {o.transport(), o.port()});
        if (row[column] == null) { // the first word of a report on a port is its verdict there
            row[column] = new Cell(o.finding().word(), o.state() == null ? null : o.state().word());
        }
    }

    /** Columns labelled by vantage where every report names a distinct one, else by file name. */
    private static List<Column> columns(List<Input> inputs) {
        List<String> files = new ArrayList<>();
        List<List<String>> vantages = new ArrayList<>();
        for (Input in : inputs) {
            files.add(Sanitize.text(in.file(), 256));
            Set<String> v = new LinkedHashSet<>();
            for (HostReport h : in.report().hosts()) {
                if (h.vantage() != null) {
                    v.add(h.vantage());
                }
            }
            vantages.add(List.copyOf(v));
        }
        List<String> byVantage = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            byVantage.add(vantages.get(i).isEmpty() ? files.get(i) : String.join(", ", vantages.get(i)));
        }
        // the same vantage twice: told apart by file name; the same file name too: by position
        List<String> byName = disambiguate(byVantage, i -> withFile(byVantage, files, i));
        List<String> labels = disambiguate(byName, i -> byName.get(i) + " #" + (i + 1));
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String label = labels.get(i);
            AuditReport r = inputs.get(i).report();
            out.add(new Column(label, files.get(i), vantages.get(i), r.startedAt(),
                    Observation.fromText(r.options().from())));
        }
        return out;
    }

    /** {@code labels} with each one that another shares replaced by {@code other.apply(index)}. */
    private static List<String> disambiguate(List<String> labels, java.util.function.IntFunction<String> other) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            boolean clash = false;
            for (int j = 0; j < labels.size(); j++) {
                clash |= j != i && labels.get(j).equals(labels.get(i));
            }
            out.add(clash ? other.apply(i) : labels.get(i));
        }
        return out;
    }

    /** A vantage label with the file name added (a file-name label stays as it is). */
    private static String withFile(List<String> labels, List<String> files, int i) {
        return labels.get(i).equals(files.get(i)) ? files.get(i) : labels.get(i) + " (" + files.get(i) + ")";
    }

    // ---- renderings ----

    /** For the console: the matrix as a table, then what each column is. */
    public void text(Writer w) {
        PrintWriter out = w instanceof PrintWriter p ? p : new PrintWriter(w);
        List<String> head = new ArrayList<>(List.of("HOST", "PORT"));
        columns.forEach(c -> head.add(c.label()));
        TextTable t = new TextTable(head.toArray(String[]::new));
        for (FlowRow r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.host(), r.portLabel()));
            for (Cell c : r.cells()) {
                cells.add(c == null ? "-" : c.text());
            }
            t.row(cells.toArray());
        }
        out.println("Flow matrix: which vantage reaches which port of which host (" + columns.size() + " reports, "
                + rows.size() + " host ports).");
        out.println();
        t.print(out, "");
        out.println();
        for (Column c : columns) {
            out.println(c.label() + ": " + describe(c));
        }
        out.println("'-': that report did not look at the port.");
        out.flush();
    }

    private static String describe(Column c) {
        return c.file() + ", started " + c.startedAt() + (c.vantage().isEmpty() ? ", vantage not recorded"
                : ", run from " + String.join(", ", c.vantage())) + (c.from().isEmpty() ? ""
                : ", perspectives " + c.from());
    }

    /** Markdown: the same table, every cell escaped. */
    public void markdown(Writer w) throws IOException {
        StringBuilder sb = new StringBuilder("# portaudit flow matrix\n\nWhich vantage reaches which port of which host; "
                + "a cell is the finding (and state) that vantage's report gives; empty where it did not look.\n\n");
        List<String> head = new ArrayList<>(List.of("Host", "Port"));
        columns.forEach(c -> head.add(MarkdownRenderer.cell(c.label())));
        MarkdownRenderer.tableRow(sb, head);
        MarkdownRenderer.tableRow(sb, head.stream().map(h -> "---").toList());
        for (FlowRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(MarkdownRenderer.cell(r.host()),
                    MarkdownRenderer.cell(r.portLabel())));
            for (Cell c : r.cells()) {
                cells.add(c == null ? "" : (c.problem() ? "**" + MarkdownRenderer.cell(c.text()) + "**"
                        : MarkdownRenderer.cell(c.text())));
            }
            MarkdownRenderer.tableRow(sb, cells);
        }
        sb.append('\n');
        for (Column c : columns) {
            sb.append("- ").append(MarkdownRenderer.cell(c.label())).append(": ")
                    .append(MarkdownRenderer.cell(describe(c))).append('\n');
        }
        UnicodeSafeWriter safe = new UnicodeSafeWriter(w);
        safe.write(sb.toString());
        safe.finish();
    }

    /** JSON ({@value #SCHEMA}): the columns, then the rows with one cell (or null) per column. */
    public void json(Writer w) {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        ArrayNode cols = root.putArray("columns");
        for (Column c : columns) {
            ObjectNode n = cols.addObject();
            n.put("label", c.label());
            n.put("file", c.file());
            ArrayNode v = n.putArray("vantage");
            c.vantage().forEach(v::add);
            n.put("startedAt", c.startedAt());
            n.put("from", c.from());
        }
        ArrayNode out = root.putArray("rows");
        for (FlowRow r : rows) {
            ObjectNode n = out.addObject();
            n.put("host", r.host());
            n.put("address", r.address()); // null as JSON null
            n.put("transport", r.transport());
            n.put("port", r.port());
            ArrayNode cells = n.putArray("cells");
            for (Cell c : r.cells()) {
                if (c == null) {
                    cells.addNull();
                } else {
                    ObjectNode cell = cells.addObject();
                    cell.put("finding", c.finding());
                    cell.put("state", c.state()); // null as JSON null
                }
            }
        }
        Json.write(root, w);
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:"
            + "collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}"
            + "td.problem{background:#fde2e2;font-weight:600}td.ok{background:#e3f6e5}td.none{color:#999}"
            + "code{font-size:.95em}";

    /** A standalone HTML page (autoescaped template, strict CSP, no script). */
    public void html(Writer w) throws IOException {
        PebbleTemplate t = HtmlRenderer.ENGINE.getTemplate("flow.peb");
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("css", CSS);
        ctx.put("csp", "default-src 'none'; style-src '" + HtmlRenderer.sha256(CSS)
                + "'; base-uri 'none'; form-action 'none'");
        ctx.put("columns", columns);
        List<Map<String, Object>> rowViews = new ArrayList<>();
        for (FlowRow r : rows) {
            List<Map<String, String>> cells = new ArrayList<>();
            for (Cell c : r.cells()) {
                cells.add(Map.of("text", c == null ? "" : c.text(), "kind", c == null ? "none"
                        : c.problem() ? "problem" : c.finding().equals(FindingKind.OK.word()) ? "ok" : "other"));
            }
            rowViews.add(Map.of("host", r.host(), "port", r.portLabel(), "cells", cells));
        }
        ctx.put("rows", rowViews);
        List<String> described = new ArrayList<>();
        columns.forEach(c -> described.add(describe(c)));
        ctx.put("described", described);
        UnicodeSafeWriter safe = new UnicodeSafeWriter(w);
        StringWriter buf = new StringWriter();
        t.evaluate(buf, ctx, Locale.ROOT);
        safe.write(buf.toString());
        safe.finish();
    }
}
