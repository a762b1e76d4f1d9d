package org.portaudit.reports.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.portaudit.catalog.Source;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.PolicySummary;
import org.portaudit.reports.model.RpcInterfaceRef;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.UnexpectedPort;

/**
 * report.html: one self-contained page for people who did not run the scan. Nothing is fetched: the
 * CSS, the script and the chart (SVG) are inline, and a Content-Security-Policy allows only those (by
 * hash), nothing from the network and no inline event handlers. The page reads fully without the
 * script, which only adds filters and sortable columns and reads everything it needs from the DOM: no
 * report data is ever written into the script.
 *
 * <p>Rendered with Pebble, autoescaping on (HTML strategy, also for attribute values, which the
 * template always quotes). The only unescaped output is the page's own CSS and script, read from this
 * jar. Links are made only for http(s) source URLs.
 */
public final class HtmlRenderer implements Renderer {
    private static final String BASE = "org/portaudit/reports/html/";
    private static final String CSS = resource(BASE + "report.css");
    private static final String JS = resource(BASE + "report.js");

    static final PebbleEngine ENGINE = new PebbleEngine.Builder()
            .loader(classpathLoader())
            .autoEscaping(true)
            .defaultEscapingStrategy("html")
            .strictVariables(true)
            .newLineTrimming(true)
            .build();

    private static ClasspathLoader classpathLoader() {
        ClasspathLoader l = new ClasspathLoader(HtmlRenderer.class.getClassLoader());
        l.setPrefix(BASE);
        return l;
    }

    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        PebbleTemplate t = ENGINE.getTemplate("report.peb");
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("css", CSS);
        ctx.put("js", JS);
        ctx.put("csp", "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src '" + sha256(JS)
                + "'; img-src data:; base-uri 'none'; form-action 'none'");
        ctx.put("run", run(report));
        ctx.put("kinds", kinds(report));
        ctx.put("chart", chart(report));
        List<HostView> hosts = new ArrayList<>();
        Map<String, String> rowIds = new HashMap<>();
        DriftMarks marks = DriftMarks.of(report);
        int i = 0;
        for (HostReport h : report.hosts()) {
            hosts.add(host(h, ++i, marks, rowIds));
        }
        ctx.put("hosts", hosts);
        ctx.put("drift", marks.drift() == null ? null : drift(marks.drift(), rowIds));
        ctx.put("states", PortState.values());
        ctx.put("findings", Observation.SUMMARY_KINDS.stream().map(FindingKind::word).toList());
        UnicodeSafeWriter safe = new UnicodeSafeWriter(out);
        t.evaluate(safe, ctx, Locale.ROOT);
        safe.finish();
    }

    // ---- the view: plain values, already formatted; the template only places and escapes them ----

    /** The run: verdict, when, and how. */
    public record RunView(boolean compliant, String tool, String startedAt, String finishedAt, String duration,
                          int hosts, int compliantHosts, int nonCompliantHosts, int errors, List<Fact> options) {
    }

    /** A label and a value. */
    public record Fact(String label, String value) {
    }

    /** A finding kind with a count. */
    public record Count(String word, int count, boolean problem) {
    }

    /** One bar of the findings chart (coordinates in SVG user units). */
    public record Bar(String word, int count, int y, int width, int textY) {
    }

    /** The chart: its bars and its height. */
    public record Chart(List<Bar> bars, int height, int labelWidth) {
    }

    /** A host's section. */
    public record HostView(String id, String label, String target, String group, String error, boolean compliant,
                           int scanned, List<Count> counts, List<Row> expected, List<Row> unexpected, String vantage) {
    }

    /** The "What changed" section: since when, the counts, new and resolved findings, the hosts not audited. */
    public record DriftView(String since, int persisting, List<DriftRow> added, List<DriftRow> resolved,
                            List<String> notAudited) {
    }

    /** One changed finding; {@code href} the row it is about ("#host-1-tcp-636"), or null when no row shows it. */
    public record DriftRow(String target, String port, String finding, String state, String message, String href) {
    }

    /** One port the endpoint mapper advertised, under the dynamic RPC row. */
    public record EndpointView(String id, String port, String finding, String state, String message, String rtt,
                               List<EvidenceView> evidence, List<InterfaceView> interfaces, RemedyView remedy) {
    }

    /** What to do about a finding: open or close, one line, the PowerShell lines, a note and the sources. */
    public record RemedyView(String action, String summary, List<String> commands, String note, List<Cite> sources) {
    }

    /** An RPC interface behind an advertised port. */
    public record InterfaceView(String name, String specification, String uuid, String version, String breaks,
                                String annotation) {
    }

    /** A requirement behind an expected port; {@code serves} whom it serves ("" when the report does not say). */
    public record Need(String role, String service, String serviceName, String level, String reason, String serves) {
    }

    /** Where a requirement is documented: the citation, and a link when it is an http(s) URL. */
    public record Cite(String text, String url) {
    }

    /**
     * One evidence: probe, summary, and its details as key/value facts; {@code identity} when the details
     * say what the service is (rootDSE, certificate, RPC interfaces ...) rather than only how the packet went.
     */
    public record EvidenceView(String probe, String summary, boolean matched, List<Fact> details, boolean identity) {
    }

    /**
     * One table row, expected or unexpected; {@code id} its anchor, {@code drift} "new", "persisting" or "",
     * {@code endpoints} the dynamic RPC row's advertised ports.
     */
    public record Row(String id, String finding, int rank, String state, String port, String transport, int portSort,
                      String protocol, String description, String level, List<Need> needs, String message,
                      List<EvidenceView> evidence, String rtt, String rttSort, List<Cite> sources, String drift,
                      List<EndpointView> endpoints, RemedyView remedy) {
    }

    private static RunView run(AuditReport r) {
        RunOptions o = r.options();
        List<Fact> opts = new ArrayList<>();
        opts.add(new Fact("Targets", String.join(", ", o.targets())));
        opts.add(new Fact("Roles", String.join(", ", o.roles())));
        opts.add(new Fact("Windows", o.windows()));
        opts.add(new Fact("Unexpected ports swept", o.unexpected()));
        opts.add(new Fact("Fails on", o.failOn().isEmpty() ? "none"
                : String.join(", ", o.failOn().stream().map(FindingKind::word).toList())));
        if (!o.from().isEmpty()) {
            opts.add(new Fact("Perspectives asked (--from)", Observation.askedText(o.from())));
        }
        if (o.source() != null) {
            opts.add(new Fact("Judged from", o.source().describe()));
        } else {
            opts.add(new Fact("Timeout", o.timeoutMillis() + " ms, " + o.retries() + " retr" + (o.retries() == 1 ? "y" : "ies")));
            opts.add(new Fact("Concurrency", o.concurrency() + (o.rate() > 0 ? ", at most " + o.rate() + " probes/s" : "")));
            opts.add(new Fact("Probes", o.connectOnly() ? "connect only" : "protocol probes"));
        }
        if (o.domain() != null) {
            opts.add(new Fact("Domain", o.domain()));
        }
        for (PolicySummary p : r.policies()) {
            String of = p.group() == null ? "" : " (group " + p.group() + ")";
            opts.add(new Fact("Policy" + of, (p.file() == null ? "built-in defaults only" : p.file()) + ", judged on "
                    + p.date() + "; forbidden by default: " + (p.builtIn().isEmpty() ? "nothing"
                    : String.join(", ", p.builtIn().stream().map(PolicyRule::portsText).toList()))));
            if (!p.exceptions().isEmpty()) {
                opts.add(new Fact("Exceptions in force", Observation.exceptions(p.exceptions(), "until")));
            }
            if (!p.expired().isEmpty()) {
                opts.add(new Fact("Expired exceptions (not applied)", Observation.exceptions(p.expired(), "expired")));
            }
        }
        var s = r.summary();
        return new RunView(r.compliant(), r.tool(), r.startedAt(), r.finishedAt(),
                String.format(Locale.ROOT, "%.1f s", r.durationSeconds()), s.hosts(), s.compliant(), s.nonCompliant(),
                s.errors(), opts);
    }

    private static List<Count> kinds(AuditReport r) {
        List<Count> out = new ArrayList<>();
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            out.add(new Count(k.word(), r.summary().findings().get(k), k.isProblem()));
        }
        return out;
    }

    private static Chart chart(AuditReport r) {
        int max = 1;
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            max = Math.max(max, r.summary().findings().get(k));
        }
        List<Bar> bars = new ArrayList<>();
        int y = 0;
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            int n = r.summary().findings().get(k);
            bars.add(new Bar(k.word(), n, y, n == 0 ? 0 : Math.max(2, (int) Math.round(300.0 * n / max)), y + 14));
            y += 22;
        }
        return new Chart(bars, y, 130);
    }

    private static HostView host(HostReport h, int index, DriftMarks marks, Map<String, String> rowIds) {
        List<Count> counts = new ArrayList<>();
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            counts.add(new Count(k.word(), h.counts().get(k), k.isProblem()));
        }
        String hostId = "host-" + index;
        List<Row> expected = new ArrayList<>();
        List<Row> unexpected = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Observation o : Observation.of(h)) {
            String id = rowId(hostId, o, used, rowIds);
            List<Need> needs = new ArrayList<>();
            List<Cite> sources = new ArrayList<>();
            for (RequirementRef q : o.refs()) {
                needs.add(new Need(q.role(), q.service(), q.serviceName(), q.level().id(), q.reason(),
                        Observation.fromText(q.perspectives())));
                Cite cite = cite(q.source());
                if (cite != null && !sources.contains(cite)) {
                    sources.add(cite);
                }
            }
            List<EndpointView> endpoints = new ArrayList<>();
            for (Observation e : o.endpoints()) {
                endpoints.add(endpoint(id + "-" + e.port(), e));
            }
            UnexpectedPort u = o.expected() ? null : unexpectedPort(h, o);
            Row row = new Row(id, o.finding().word(), rank(o.finding()), state(o.state()), o.port(), o.transport(),
                    portSort(o.port()), o.expected() ? o.what() : o.what().isEmpty() ? "unknown" : o.what(),
                    u == null ? null : u.seen() == null || u.description() == null ? u.description()
                            : "port dictionary, by number only: " + u.description(), o.expected() ? o.level() : null, needs, o.message(),
                    evidence(o.evidence()), Observation.rttText(o.rttMillis()), rttSort(o.rttMillis()), sources,
                    marks.mark(o), endpoints, remedy(o.remedy()));
            (o.expected() ? expected : unexpected).add(row);
        }
        return new HostView(hostId, Observation.hostLabel(h), h.target(), h.group(), h.error(), h.compliant(),
                h.scanned(), counts, expected, unexpected, h.vantage());
    }

    private static UnexpectedPort unexpectedPort(HostReport h, Observation o) {
        for (UnexpectedPort u : h.unexpected()) {
            if (u.transport().id().equals(o.transport()) && Integer.toString(u.port()).equals(o.port())) {
                return u;
            }
        }
        return null;
    }

    /**
     * A row's anchor, "host-1-tcp-636" ("host-1-tcp-dynamic-rpc", "host-1-ip-47"), unique on the page; remembered
     * under drift's identity of the row so the "What changed" section can link to it.
     */
    private static String rowId(String hostId, Observation o, java.util.Set<String> used, Map<String, String> rowIds) {
        String base = hostId + "-" + o.transport() + "-" + o.port();
        String id = base;
        for (int n = 2; !used.add(id); n++) {
            id = base + "-" + n;
        }
        rowIds.putIfAbsent(DriftMarks.place(DriftFinding.host(o.host()), o.transport(), o.port()), id);
        return id;
    }

    private static EndpointView endpoint(String id, Observation e) {
        List<InterfaceView> ifaces = new ArrayList<>();
        for (RpcInterfaceRef i : e.interfaces()) {
            ifaces.add(new InterfaceView(i.name(), i.specification(), i.uuid(), i.version(), i.breaks(),
                    i.annotation()));
        }
        return new EndpointView(id, e.portLabel(), e.finding().word(), state(e.state()), e.message(),
                Observation.rttText(e.rttMillis()), evidence(e.evidence()), ifaces, remedy(e.remedy()));
    }

    private static RemedyView remedy(org.portaudit.reports.model.Remedy r) {
        if (r == null) {
            return null;
        }
        List<Cite> sources = new ArrayList<>();
        for (org.portaudit.catalog.Source s : r.sources()) {
            Cite c = cite(s);
            if (c != null && !sources.contains(c)) {
                sources.add(c);
            }
        }
        return new RemedyView(r.action().word(), r.summary(), r.commands(), r.note(), sources);
    }

    private static DriftView drift(Drift d, Map<String, String> rowIds) {
        return new DriftView(DriftMarks.since(d), d.persisting().size(), driftRows(d.newFindings(), rowIds),
                driftRows(d.resolved(), rowIds), d.notAudited());
    }

    private static List<DriftRow> driftRows(List<DriftFinding> findings, Map<String, String> rowIds) {
        List<DriftRow> out = new ArrayList<>();
        for (DriftFinding f : findings) {
            String id = rowIds.get(DriftMarks.place(f.target(), f.transport().id(), f.portText()));
            out.add(new DriftRow(f.target(), f.portLabel(), f.finding().word(), f.state() == null ? "not probed"
                    : f.state().word(), f.message(), id == null ? null : "#" + id));
        }
        return out;
    }

    private static int rank(FindingKind k) {
        return Observation.SUMMARY_KINDS.indexOf(k);
    }

    /** Detail keys that only describe the exchange, not the service. */
    private static final java.util.Set<String> TRANSPORT_KEYS =
            java.util.Set.of("errno", "attempts", "error", "replyBytes", "replyCutOff", "timeoutMs");

    private static String state(PortState s) {
        return s == null ? "not probed" : s.word();
    }

    private static List<EvidenceView> evidence(List<Evidence> ev) {
        List<EvidenceView> out = new ArrayList<>();
        for (Evidence e : ev) {
            List<Fact> details = new ArrayList<>();
            e.details().forEach((k, v) -> details.add(new Fact(k, String.valueOf(v))));
            boolean identity = e.details().keySet().stream().anyMatch(k -> !TRANSPORT_KEYS.contains(k));
            out.add(new EvidenceView(e.probe(), e.summary(), e.matched(), details, identity));
        }
        return out;
    }

    /** A citation; only an http(s) URL becomes a link (never javascript:, data: ...). */
    static Cite cite(Source s) {
        if (s == null) {
            return null;
        }
        String url = s.url();
        boolean web = url != null && (url.regionMatches(true, 0, "https://", 0, 8)
                || url.regionMatches(true, 0, "http://", 0, 7));
        return new Cite(s.cite(), web ? url : null);
    }

    private static int portSort(String port) {
        int dash = port.indexOf('-');
        try {
            return Integer.parseInt(dash > 0 ? port.substring(0, dash) : port);
        } catch (NumberFormatException e) {
            return 65536;
        }
    }

    private static String rttSort(Double ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.3f", ms);
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String path) {
        try (InputStream in = HtmlRenderer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
