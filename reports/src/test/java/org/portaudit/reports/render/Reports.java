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
import org.portaudit.catalog.Source;
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
                IMG, List.of("required-blocked", "certificate"), 1000, 1, 16, 0, false);
        RequirementRef ref = new RequirementRef("domain-controller", "kdc" + SCRIPT, "Kerberos " + ATTR, IMG, "required",
                "reason " + ALL, new Source(null, null, null, "javascript:document.title='PWNED'", "title " + SVG));
        RequirementRef ref2 = new RequirementRef("web-server", "w3svc", "WWW", "HTTPS", "conditional", END_SCRIPT,
                new Source("doc " + ATTR, "section " + SCRIPT, null, null, null));
        Map<String, String> tls = new LinkedHashMap<>();
        tls.put("subject", "CN=" + SCRIPT + ",O=" + ATTR);
        tls.put("notAfter", "2026-12-02T03:21:11Z");
        tls.put(IMG, SVG);
        tls.put("banner", CONTROLS + SEPARATORS);
        Evidence cert = new Evidence("tls", "certificate CN=" + SCRIPT + " " + ALL, true, tls);
        Evidence banner = new Evidence("banner" + ATTR, FORMULA, false, Map.of("raw", END_SCRIPT));
        PortCheck certificate = new PortCheck("tcp", "443", "HTTPS " + SVG, "conditional", List.of(ref, ref2),
                PortState.OPEN, FindingKind.CERTIFICATE, "certificate expires in 3 day(s) " + ALL, 12.5, 1,
                List.of(cert));
        PortCheck blocked = new PortCheck("tcp", "88", "Kerberos", "required", List.of(ref), PortState.FILTERED,
                FindingKind.REQUIRED_BLOCKED, FORMULA, null, 2, List.of(Evidence.of("tcp-connect", "+no answer", true)));
        PortCheck wrong = new PortCheck("tcp", "389", "LDAP", "required", List.of(ref), PortState.OPEN,
                FindingKind.WRONG_SERVICE, "-1+2 " + MARKDOWN, 0.5, 1, List.of(banner));
        PortCheck unverified = new PortCheck("udp", "123", "NTP", "required", List.of(ref), PortState.OPEN_FILTERED,
                FindingKind.UNVERIFIED, "@SUM(1) " + CONTROLS, null, 2, List.of());
        PortCheck notChecked = new PortCheck("tcp", "dynamic-rpc", "RPC", "required", List.of(ref), null,
                FindingKind.NOT_CHECKED, "\tnot probed " + TEMPLATE, null, 0, null);
        PortCheck ok = new PortCheck("tcp", "80", "HTTP", "required", List.of(ref2), PortState.OPEN, FindingKind.OK,
                "open " + SEPARATORS, 1.25, 1, List.of(Evidence.of("http-head", "HTTP 200 from " + SCRIPT, true)));
        UnexpectedPort telnet = new UnexpectedPort("tcp", 23, "telnet" + IMG, "Telnet " + SCRIPT, PortState.OPEN,
                FindingKind.UNEXPECTED_OPEN, "\rcr " + ATTR, 3.0, List.of(banner));
        UnexpectedPort forbidden = new UnexpectedPort("tcp", 21, null, null, PortState.OPEN, FindingKind.FORBIDDEN_OPEN,
                "forbidden", null, null);
        Map<String, Integer> counts = counts(Map.of("certificate", 1, "required-blocked", 1, "wrong-service", 1,
                "unverified", 1, "not-checked", 1, "ok", 1, "unexpected-open", 1, "forbidden-open", 1));
        HostReport bad = new HostReport(SCRIPT, ATTR + SVG, "198.18.0.66", null, false, counts,
                List.of(certificate, blocked, wrong, unverified, notChecked, ok), List.of(telnet, forbidden), 301);
        HostReport broken = new HostReport("dc-" + END_SCRIPT, null, null, "cannot resolve " + ALL, false,
                counts(Map.of()), List.of(), List.of(), 0);
        RunSummary summary = new RunSummary(2, 0, 1, 1, counts);
        return new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit " + SCRIPT, "2026-11-22T03:22:16Z" + ATTR,
                "2026-11-22T03:22:18Z", 1.5, options, summary, List.of(bad, broken), new PolicySummary(
                "policy-" + SCRIPT + ".yaml", "2026-11-22", List.of(new PolicyRule("built-in", "forbid", "23/tcp",
                "telnet " + ALL, null)), List.of(new PolicyRule("host " + ATTR, "exception", "23/tcp", "waiver " + ALL,
                "2026-12-31")), List.of(new PolicyRule("all", "exception", "5900/tcp", "expired " + ALL + FORMULA,
                "2026-01-31"))));
    }

    /** Every finding kind, zeros included. */
    static Map<String, Integer> counts(Map<String, Integer> some) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (FindingKind k : FindingKind.values()) {
            m.put(k.word(), some.getOrDefault(k.word(), 0));
        }
        return m;
    }

    /** The report through JSON and back, as 'portaudit report' sees it. */
    public static AuditReport viaJson(AuditReport r) {
        try {
            return JsonRenderer.read(new StringReader(render(new JsonRenderer(), r)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(Renderer renderer, AuditReport r) {
        StringWriter w = new StringWriter();
        try {
            renderer.render(r, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
