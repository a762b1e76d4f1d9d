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
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.PolicySummary;
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

    private static final PebbleEngine ENGINE = new PebbleEngine.Builder()
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
        int i = 0;
        for (HostReport h : report.hosts()) {
            hosts.add(host(h, ++i));
        }
        ctx.put("hosts", hosts);
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
    public record HostView(String id, String label, String target, String error, boolean compliant, int scanned,
                           List<Count> counts, List<Row> expected, List<Row> unexpected) {
    }

    /** A requirement behind an expected port. */
    public record Need(String role, String service, String serviceName, String level, String reason) {
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

    /** One table row, expected or unexpected. */
    public record Row(String finding, int rank, String state, String port, String transport, int portSort, String protocol,
                      String description, String level, List<Need> needs, String message,
                      List<EvidenceView> evidence, String rtt, String rttSort, List<Cite> sources) {
    }

    private static RunView run(AuditReport r) {
        RunOptions o = r.options();
        List<Fact> opts = new ArrayList<>();
        opts.add(new Fact("Targets", String.join(", ", o.targets())));
        opts.add(new Fact("Roles", String.join(", ", o.roles())));
        opts.add(new Fact("Windows", o.windows()));
        opts.add(new Fact("Unexpected ports swept", o.unexpected()));
        opts.add(new Fact("Fails on", o.failOn().isEmpty() ? "none" : String.join(", ", o.failOn())));
        opts.add(new Fact("Timeout", o.timeoutMillis() + " ms, " + o.retries() + " retr" + (o.retries() == 1 ? "y" : "ies")));
        opts.add(new Fact("Concurrency", o.concurrency() + (o.rate() > 0 ? ", at most " + o.rate() + " probes/s" : "")));
        opts.add(new Fact("Probes", o.connectOnly() ? "connect only" : "protocol probes"));
        PolicySummary p = r.policy();
        if (p != null) {
            opts.add(new Fact("Policy", (p.file() == null ? "built-in defaults only" : p.file()) + ", judged on "
                    + p.date() + "; forbidden by default: " + (p.builtIn().isEmpty() ? "nothing"
                    : String.join(", ", p.builtIn().stream().map(PolicyRule::ports).toList()))));
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
            out.add(new Count(k.word(), r.summary().findings().getOrDefault(k.word(), 0), k.isProblem()));
        }
        return out;
    }

    private static Chart chart(AuditReport r) {
        int max = 1;
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            max = Math.max(max, r.summary().findings().getOrDefault(k.word(), 0));
        }
        List<Bar> bars = new ArrayList<>();
        int y = 0;
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            int n = r.summary().findings().getOrDefault(k.word(), 0);
            bars.add(new Bar(k.word(), n, y, n == 0 ? 0 : Math.max(2, (int) Math.round(300.0 * n / max)), y + 14));
            y += 22;
        }
        return new Chart(bars, y, 130);
    }

    private static HostView host(HostReport h, int index) {
        List<Count> counts = new ArrayList<>();
        for (FindingKind k : Observation.SUMMARY_KINDS) {
            counts.add(new Count(k.word(), h.counts().getOrDefault(k.word(), 0), k.isProblem()));
        }
        List<Row> expected = new ArrayList<>();
        for (PortCheck c : h.expected()) {
            List<Need> needs = new ArrayList<>();
            List<Cite> sources = new ArrayList<>();
            for (RequirementRef q : c.requiredBy()) {
                needs.add(new Need(q.role(), q.service(), q.serviceName(), q.level(), q.reason()));
                Cite cite = cite(q.source());
                if (cite != null && !sources.contains(cite)) {
                    sources.add(cite);
                }
            }
            expected.add(new Row(c.finding().word(), rank(c.finding()), state(c.state()), c.port(), c.transport(), portSort(c.port()),
                    c.protocol(), null, c.level(), needs, c.message(), evidence(c.evidence()),
                    Observation.rttText(c.rttMillis()), rttSort(c.rttMillis()), sources));
        }
        List<Row> unexpected = new ArrayList<>();
        for (UnexpectedPort u : h.unexpected()) {
            unexpected.add(new Row(u.finding().word(), rank(u.finding()), state(u.state()), Integer.toString(u.port()), u.transport(),
                    u.port(), u.name() == null ? "unknown" : u.name(), u.description(), null, List.of(), u.message(),
                    evidence(u.evidence()), Observation.rttText(u.rttMillis()), rttSort(u.rttMillis()), List.of()));
        }
        return new HostView("host-" + index, Observation.hostLabel(h), h.target(), h.error(), h.compliant(),
                h.scanned(), counts, expected, unexpected);
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

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String path) {
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
