package org.portaudit.reports.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Source;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Counts;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.Located.Where;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.RpcInterfaceRef;
import org.portaudit.reports.model.Span;
import org.portaudit.reports.json.ReportSchemaCheck;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.PolicySummary;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.reports.model.UnexpectedPort;

/** Test reports: a real one from the lab, and a hand-built hostile one. */
public final class Reports {
    /** Script injection in text. */
    public static final String SCRIPT = "<script>document.title='PWNED';alert(1)</script>";
    /** Breaking out of a double-quoted attribute. */
    public static final String ATTR = "\"><img src=x onerror=\"document.title='PWNED'\">";
    /** The brief's classic. */
    public static final String IMG = "\"><img src=x onerror=alert(1)>";
    /** Breaking out of a single-quoted attribute, and an SVG handler. */
    public static final String SVG = "'><svg/onload=document.documentElement.setAttribute('data-pwned','1')>";
    /** Closing a script element early. */
    public static final String END_SCRIPT = "</script><b id=pwned>x</b>";
    /** Template syntax in data must stay data. */
    public static final String TEMPLATE = "{{ 7*7 }}{% for x in y %}";
    /** Line separators end a JavaScript string literal in old engines. */
    public static final String SEPARATORS = "a\u2028b\u2029c";
    /** C0 controls, an ANSI escape, CR/LF and a lone surrogate. */
    public static final String CONTROLS = "nul\u0000bel\u0007esc\u001b[31mred\r\nnext\ud800end";
    /** Spreadsheet formulas. */
    public static final String FORMULA = "=HYPERLINK(\"http://198.18.0.99/x\",\"click\")";
    /** Markdown table breakers. */
    public static final String MARKDOWN = "a | b `code` *em* _u_ [l](javascript:alert(1)) \\ end";

    /** Everything at once, for the fields that take any text. */
    public static final String ALL = String.join(" ", SCRIPT, ATTR, IMG, SVG, END_SCRIPT, TEMPLATE, SEPARATORS,
            CONTROLS, MARKDOWN);

    private Reports() {
    }

    /** The lab run: pa-dc01 (Samba AD DC) and pa-web01 (nginx, 10-day certificate), roles domain-controller and web-server. */
    public static AuditReport lab() {
        try (InputStream in = Reports.class.getResourceAsStream("lab-report.json")) {
            return JsonRenderer.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A report whose every network-borne text (and host names, messages, sources) is an attack. */
    public static AuditReport hostile() {
        RunOptions options = new RunOptions(List.of(SCRIPT, ATTR), List.of("domain-controller", TEMPLATE), "2025",
                IMG, List.of(FindingKind.REQUIRED_BLOCKED, FindingKind.CERTIFICATE), 1000, 1, 16, 0, false, null);
        RequirementRef ref = new RequirementRef("domain-controller", "kdc" + SCRIPT, "Kerberos " + ATTR, IMG,
                Level.REQUIRED, "reason " + ALL, new Source(null, null, null, "javascript:document.title='PWNED'",
                "title " + SVG));
        RequirementRef ref2 = new RequirementRef("web-server", "w3svc", "WWW", "HTTPS", Level.CONDITIONAL, END_SCRIPT,
                new Source("doc " + ATTR, "section " + SCRIPT, null, null, null));
        Map<String, String> tls = new LinkedHashMap<>();
        tls.put("subject", "CN=" + SCRIPT + ",O=" + ATTR);
        tls.put("notAfter", "2026-12-02T03:21:11Z");
        tls.put(IMG, SVG);
        tls.put("banner", CONTROLS + SEPARATORS);
        Evidence cert = new Evidence("tls", "certificate CN=" + SCRIPT + " " + ALL, true, tls);
        Evidence banner = new Evidence("banner" + ATTR, FORMULA, false, Map.of("raw", END_SCRIPT));
        PortCheck certificate = new PortCheck(Transport.TCP, Where.single(443), "HTTPS " + SVG, Level.CONDITIONAL,
                List.of(ref, ref2), PortState.OPEN, FindingKind.CERTIFICATE, "certificate expires in 3 day(s) " + ALL,
                12.5, 1, List.of(cert), null);
        PortCheck blocked = new PortCheck(Transport.TCP, Where.single(88), "Kerberos", Level.REQUIRED, List.of(ref),
                PortState.FILTERED, FindingKind.REQUIRED_BLOCKED, FORMULA, null, 2,
                List.of(Evidence.of("tcp-connect", "+no answer", true)), null);
        PortCheck wrong = new PortCheck(Transport.TCP, Where.single(389), "LDAP", Level.REQUIRED, List.of(ref),
                PortState.OPEN, FindingKind.WRONG_SERVICE, "-1+2 " + MARKDOWN, 0.5, 1, List.of(banner), null);
        PortCheck unverified = new PortCheck(Transport.UDP, Where.single(123), "NTP", Level.REQUIRED, List.of(ref),
                PortState.OPEN_FILTERED, FindingKind.UNVERIFIED, "@SUM(1) " + CONTROLS, null, 2, List.of(), null);
        PortCheck notChecked = new PortCheck(Transport.TCP, DYNAMIC, "RPC", Level.REQUIRED, List.of(ref), null,
                FindingKind.NOT_CHECKED, "\tnot probed " + TEMPLATE, null, 0, null, null);
        PortCheck ok = new PortCheck(Transport.TCP, Where.single(80), "HTTP", Level.REQUIRED, List.of(ref2),
                PortState.OPEN, FindingKind.OK, "open " + SEPARATORS, 1.25, 1,
                List.of(Evidence.of("http-head", "HTTP 200 from " + SCRIPT, true)), null);
        UnexpectedPort telnet = new UnexpectedPort(Transport.TCP, 23, "telnet" + IMG, "Telnet " + SCRIPT,
                PortState.OPEN, FindingKind.UNEXPECTED_OPEN, "\rcr " + ATTR, 3.0, List.of(banner));
        UnexpectedPort forbidden = new UnexpectedPort(Transport.TCP, 21, null, null, PortState.OPEN,
                FindingKind.FORBIDDEN_OPEN, "forbidden", null, null);
        Counts counts = counts(FindingKind.values());
        HostReport bad = new HostReport(SCRIPT, ATTR + SVG, "198.18.0.66", null, null, false, counts, 301,
                List.of(certificate, blocked, wrong, unverified, notChecked, ok), List.of(telnet, forbidden));
        HostReport broken = HostReport.failed("dc-" + END_SCRIPT, null, "cannot resolve " + ALL);
        RunSummary summary = new RunSummary(2, 0, 1, 1, counts);
        return new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit " + SCRIPT, "2026-11-22T03:22:16Z" + ATTR,
                "2026-11-22T03:22:18Z", 1.5, options, summary, List.of(bad, broken), List.of(new PolicySummary(null,
                "policy-" + SCRIPT + ".yaml", "2026-11-22", List.of(new PolicyRule("built-in", PolicyRule.Kind.FORBID,
                tcp(23), "telnet " + ALL, null)), List.of(new PolicyRule("host " + ATTR, PolicyRule.Kind.EXCEPTION,
                tcp(23), "waiver " + ALL, "2026-12-31")), List.of(new PolicyRule("all", PolicyRule.Kind.EXCEPTION,
                tcp(5900), "expired " + ALL + FORMULA, "2026-01-31")))), null);
    }

    /** Dynamic RPC on Windows 2008 and later. */
    public static final Where DYNAMIC = new Where(null, new Span(49152, 65535), true, null);

    /** The interfaces behind the three advertised ports of {@link #audit()}; names and what breaks are hostile. */
    public static final List<List<String>> INTERFACES = List.of(List.of("netlogon", "MS-NRPC", "logons " + SCRIPT),
            List.of("drsuapi" + IMG, "MS-DRSR", "AD replication " + FORMULA), List.of("samr", "MS-SAMR",
                    "password changes " + MARKDOWN));

    /**
     * An inventory audit of two groups with drift since an earlier run: on the DC (group "dcs") the dynamic RPC
     * row lists three endpoints, one of them newly filtered; 636 is newly blocked, 464 resolved, 123/udp persists;
     * the web server (group "web") keeps its certificate finding; a third host was not audited this time.
     */
    public static AuditReport audit() {
        RequirementRef lsass = new RequirementRef("domain-controller", "lsass", "Local Security Authority",
                "RPC", Level.REQUIRED, null, Source.kb("KB832017", "Service overview"));
        List<RpcEndpointCheck> endpoints = new java.util.ArrayList<>();
        int[] ports = {49152, 49153, 49154};
        for (int i = 0; i < ports.length; i++) {
            List<String> iface = INTERFACES.get(i);
            boolean filtered = i == 1;
            endpoints.add(new RpcEndpointCheck(ports[i], filtered ? PortState.FILTERED : PortState.OPEN,
                    filtered ? FindingKind.REQUIRED_BLOCKED : FindingKind.OK, filtered ? "filtered: breaks "
                    + iface.get(2) : "answers " + SVG, filtered ? null : 0.75 + i, filtered ? 2 : 1,
                    List.of(Evidence.of("tcp-connect", filtered ? "no answer" : "SYN-ACK", true)),
                    List.of(new RpcInterfaceRef("12345678-1234-abcd-ef00-01234567cffb", "1.0", iface.get(0),
                            iface.get(1), iface.get(2), i == 2 ? ATTR : null))));
        }
        PortCheck rpc = new PortCheck(Transport.TCP, DYNAMIC, "dynamic RPC", Level.REQUIRED, List.of(lsass),
                PortState.FILTERED, FindingKind.REQUIRED_BLOCKED, "the mapper answers, but 49153 is filtered: "
                + "AD replication breaks", null, 0, List.of(new Evidence("rpc-epm", "3 TCP port(s)", true,
                ordered("endpoints", 53L, "ports", List.of("49152", "49153", "49154")))), endpoints);
        PortCheck ldaps = new PortCheck(Transport.TCP, Where.single(636), "LDAP SSL", Level.REQUIRED,
                List.of(lsass), PortState.FILTERED, FindingKind.REQUIRED_BLOCKED, "required port is filtered", null, 2,
                List.of(), null);
        PortCheck kpasswd = new PortCheck(Transport.TCP, Where.single(464), "kpasswd", Level.REQUIRED,
                List.of(lsass), PortState.OPEN, FindingKind.OK, "open", 0.5, 1, List.of(), null);
        PortCheck ntp = new PortCheck(Transport.UDP, Where.single(123), "NTP", Level.REQUIRED, List.of(lsass),
                PortState.OPEN_FILTERED, FindingKind.UNVERIFIED, "no reply", null, 2, List.of(), null);
        PortCheck gre = new PortCheck(Transport.IP, new Where(null, null, false, 47), "GRE", Level.CONDITIONAL,
                List.of(lsass), null, FindingKind.NOT_CHECKED, "IP protocols are not probed", null, 0, null, null);
        PortCheck range = new PortCheck(Transport.UDP, new Where(null, new Span(1024, 5000), false, null), "RTP",
                Level.OPTIONAL, List.of(lsass), null, FindingKind.NOT_CHECKED, "ranges are not probed", null, 0, null,
                null);
        HostReport dc = new HostReport("pa-dc01", "pa-dc01", "198.18.0.10", "dcs", null, false,
                counts(FindingKind.REQUIRED_BLOCKED, FindingKind.REQUIRED_BLOCKED, FindingKind.UNVERIFIED,
                        FindingKind.NOT_CHECKED, FindingKind.NOT_CHECKED, FindingKind.OK), 40,
                List.of(rpc, ldaps, ntp, gre, range, kpasswd), List.of());
        PortCheck https = new PortCheck(Transport.TCP, Where.single(443), "HTTPS", Level.REQUIRED, List.of(),
                PortState.OPEN, FindingKind.CERTIFICATE, "certificate expires in 9 day(s)", 1.5, 1,
                List.of(new Evidence("tls", "certificate", true, ordered("daysLeft", 9, "subject", "CN=web01",
                        "tlsFollows", true, "ratio", 2.5))), null);
        HostReport web = new HostReport("pa-web01", "pa-web01", "198.18.0.20", "web", null, false,
                counts(FindingKind.CERTIFICATE), 10, List.of(https), List.of());
        List<HostReport> hosts = List.of(dc, web);
        AuditReport after = new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit 0.2.0", "2026-12-01T22:25:26Z",
                "2026-12-01T22:25:30Z", 4.0, new RunOptions(List.of("pa-dc01", "pa-web01"),
                List.of("domain-controller", "web-server"), "2025", "well-known", List.of(FindingKind.REQUIRED_BLOCKED,
                FindingKind.CERTIFICATE), 1000, 1, 64, 0, false, "lab.portaudit.test"), RunSummary.of(hosts), hosts,
                List.of(new PolicySummary("dcs", null, "2026-12-01", List.of(new PolicyRule("built-in",
                        PolicyRule.Kind.FORBID, tcp(23), "telnet", null)), List.of(), List.of()),
                        new PolicySummary("web", "web-policy.yaml", "2026-12-01", List.of(), List.of(new PolicyRule(
                                "host pa-web01", PolicyRule.Kind.EXCEPTION, List.of(new PolicyRule.Ports(Transport.TCP,
                                5900, 5903)), "vendor support " + SCRIPT, "2026-12-31")), List.of())), null);
        List<DriftFinding> before = new java.util.ArrayList<>();
        before.add(new DriftFinding("pa-dc01", Transport.TCP, Where.single(464), FindingKind.REQUIRED_BLOCKED,
                PortState.CLOSED, "required port is closed " + SCRIPT));
        before.add(new DriftFinding("pa-dc01", Transport.UDP, Where.single(123), FindingKind.UNVERIFIED,
                PortState.OPEN_FILTERED, "no reply"));
        before.add(new DriftFinding("pa-web01", Transport.TCP, Where.single(443), FindingKind.CERTIFICATE,
                PortState.OPEN, "certificate expires in 10 day(s)"));
        before.add(new DriftFinding("pa-old01", Transport.TCP, Where.single(445), FindingKind.REQUIRED_BLOCKED,
                PortState.FILTERED, "required port is filtered"));
        Drift drift = Drift.compute("run 3f2a of 2026-11-30T22:25:26Z " + ATTR, before,
                List.of("pa-dc01", "pa-web01", "pa-old01"), DriftFinding.of(after), Drift.audited(after));
        return after.withDrift(drift);
    }

    /** Evidence details in the order given (Map.of's order changes from one JVM to the next). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<PolicyRule.Ports> tcp(int port) {
        return List.of(new PolicyRule.Ports(Transport.TCP, port, port));
    }

    /** One count per kind listed (a kind listed twice counts two). */
    static Counts counts(FindingKind... kinds) {
        Counts.Builder b = Counts.builder();
        for (FindingKind k : kinds) {
            b.add(k);
        }
        return b.build();
    }

    /**
     * A message as the model stores it: control characters and lone surrogates already made '.' by the model's
     * constructors (a report.json read back is input too), so a renderer never sees them raw.
     */
    public static String stored(String raw) {
        return org.portaudit.reports.model.Sanitize.text(raw, 2048);
    }

    /** The report through JSON and back, as 'portaudit report' sees it. */
    public static AuditReport viaJson(AuditReport r) {
        try {
            return JsonRenderer.read(new StringReader(render(new JsonRenderer(), r)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report in that format; JSON is checked against the published schema (every report.json a test writes). */
    public static String render(Renderer renderer, AuditReport r) {
        StringWriter w = new StringWriter();
        try {
            renderer.render(r, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (renderer instanceof JsonRenderer) {
            ReportSchemaCheck.assertValid(w.toString());
        }
        return w.toString();
    }
}
