package org.portaudit.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PolicyRule;
import org.portaudit.reports.model.PolicySummary;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.Remedy;
import org.portaudit.reports.model.RequirementRef;
import org.portaudit.reports.model.RpcEndpointCheck;
import org.portaudit.reports.model.RpcInterfaceRef;
import org.portaudit.reports.model.UnexpectedPort;

/**
 * One flat row of a report: an expected endpoint or an unexpected open port on one host, with the
 * multi-valued facts (roles, services, sources) already collected. The CSV, JUnit and Markdown renderers
 * draw from these; the text is raw (each renderer escapes for its own format).
 *
 * @param host      the host the row belongs to
 * @param expected  true for an expected endpoint, false for an unexpected open port
 * @param what      the expected application protocol, or an unexpected port's {@link UnexpectedPort#label()}
 * @param level     required, optional or conditional; "" for an unexpected port
 * @param state     the state seen, or null when not probed
 * @param roles     distinct role ids that need the endpoint, in order
 * @param services  distinct service ids (or display names) that need it, in order
 * @param sources   distinct source citations, in order
 * @param needs     distinct "role/service" pairs (or the role alone) that need it, in order
 * @param refs      the requirements behind it, as the report has them (empty for an unexpected port)
 * @param under      for a dynamic RPC endpoint's row: the label of the row it belongs to ("dynamic-rpc/tcp"); else null
 * @param interfaces for a dynamic RPC endpoint's row: the RPC interfaces behind the port; else empty
 * @param endpoints  for the dynamic RPC row: one row per port the endpoint mapper advertised; else empty
 * @param remedy     what to do about the finding, or null
 */
public record Observation(HostReport host, boolean expected, String transport, String port, String what,
                          String level, PortState state, FindingKind finding, String message, Double rttMillis,
                          List<String> roles, List<String> services, List<String> sources, List<String> needs,
                          List<RequirementRef> refs, List<Evidence> evidence, String under,
                          List<RpcInterfaceRef> interfaces, List<Observation> endpoints, Remedy remedy) {

    /** A row without a remedy. */
    public Observation(HostReport host, boolean expected, String transport, String port, String what,
                       String level, PortState state, FindingKind finding, String message, Double rttMillis,
                       List<String> roles, List<String> services, List<String> sources, List<String> needs,
                       List<RequirementRef> refs, List<Evidence> evidence, String under,
                       List<RpcInterfaceRef> interfaces, List<Observation> endpoints) {
        this(host, expected, transport, port, what, level, state, finding, message, rttMillis, roles, services,
                sources, needs, refs, evidence, under, interfaces, endpoints, null);
    }

    /**
     * The host's rows: its expected endpoints in report order, then its unexpected open ports. The dynamic RPC
     * row carries its advertised ports as {@link #endpoints}, which each renderer shows right under it.
     */
    public static List<Observation> of(HostReport h) {
        List<Observation> out = new ArrayList<>(h.expected().size() + h.unexpected().size());
        for (PortCheck c : h.expected()) {
            List<String> roles = new ArrayList<>();
            List<String> services = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            List<String> needs = new ArrayList<>();
            for (RequirementRef r : c.requiredBy()) {
                addOnce(roles, r.role());
                addOnce(services, r.service() != null ? r.service() : r.serviceName());
                addOnce(sources, r.source() == null ? null : r.source().cite());
                addOnce(needs, r.role() + (r.service() == null ? "" : "/" + r.service()));
            }
            List<Observation> endpoints = new ArrayList<>(c.endpoints().size());
            for (RpcEndpointCheck e : c.endpoints()) {
                endpoints.add(new Observation(h, true, Transport.TCP.id(), Integer.toString(e.port()),
                        interfaceNames(e), c.level().id(), e.state(), e.finding(), nz(e.message()), e.rttMillis(),
                        List.copyOf(roles), List.copyOf(services), List.copyOf(sources), List.copyOf(needs),
                        c.requiredBy(), e.evidence(), c.portLabel(), e.interfaces(), List.of(), e.remedy()));
            }
            out.add(new Observation(h, true, c.transport().id(), c.portText(), nz(c.protocol()), c.level().id(), c.state(),
                    c.finding(), nz(c.message()), c.rttMillis(), List.copyOf(roles), List.copyOf(services),
                    List.copyOf(sources), List.copyOf(needs), c.requiredBy(), c.evidence(), null, List.of(),
                    List.copyOf(endpoints), c.remedy()));
        }
        for (UnexpectedPort u : h.unexpected()) {
            out.add(new Observation(h, false, u.transport().id(), Integer.toString(u.port()), u.label(), "", u.state(),
                    u.finding(), nz(u.message()), u.rttMillis(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    u.evidence(), null, List.of(), List.of(), u.remedy()));
        }
        return out;
    }

    /** The rows (and their advertised RPC endpoints, after each) that carry a remedy, in order. */
    public static List<Observation> withRemedy(List<Observation> rows) {
        List<Observation> with = new ArrayList<>();
        for (Observation o : rows) {
            if (o.remedy() != null) {
                with.add(o);
            }
            for (Observation e : o.endpoints()) {
                if (e.remedy() != null) {
                    with.add(e);
                }
            }
        }
        return with;
    }

    /** The remedy in one line ("" when none): {@link Remedy#summary()} and its commands. */
    public String remedyText() {
        if (remedy == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(remedy.summary());
        if (!remedy.commands().isEmpty()) {
            b.append("; PowerShell: ").append(String.join(" ; ", remedy.commands()));
        }
        if (remedy.note() != null) {
            b.append(" (").append(remedy.note()).append(')');
        }
        return b.toString();
    }

    /** Whom the row serves (its requirements' perspectives): "all", "client, admin"; "" when not recorded. */
    public String serves() {
        return fromText(RequirementRef.served(refs));
    }

    /** Perspectives for people: "all" for all four, else "client, admin"; "" for none recorded. */
    public static String fromText(List<org.portaudit.catalog.Perspective> p) {
        if (p.isEmpty()) {
            return "";
        }
        return p.size() == org.portaudit.catalog.Perspective.values().length ? "all"
                : org.portaudit.catalog.Perspective.join(java.util.EnumSet.copyOf(p));
    }

    /** The perspectives a run asked for, for people: "all (client, domain-controller, trust, admin)", "client". */
    public static String askedText(List<org.portaudit.catalog.Perspective> p) {
        String t = fromText(p);
        return t.equals("all") ? "all (" + org.portaudit.catalog.Perspective.join(java.util.EnumSet.copyOf(p)) + ")"
                : t;
    }

    /** True when some expected row of the host says whom it serves (reports before perspectives do not). */
    static boolean anyServes(HostReport h) {
        for (PortCheck c : h.expected()) {
            if (!RequirementRef.served(c.requiredBy()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** True for the row of one port the endpoint mapper advertised. */
    public boolean isEndpoint() {
        return under != null;
    }

    /** The interface names behind an advertised port: "netlogon, mgmt" ("" when the mapper named none). */
    static String interfaceNames(RpcEndpointCheck e) {
        List<String> names = new ArrayList<>();
        for (RpcInterfaceRef i : e.interfaces()) {
            addOnce(names, i.name() != null ? i.name() : i.uuid());
        }
        return String.join(", ", names);
    }

    /**
     * Each interface on one line's worth of text: "lsarpc (MS-LSAD, 12345778-... v0.0): LSA policy and SID/name
     * lookups", joined with "; ".
     */
    public String interfacesText() {
        List<String> out = new ArrayList<>();
        for (RpcInterfaceRef i : interfaces) {
            StringBuilder b = new StringBuilder(i.name() != null ? i.name() : "unnamed interface");
            List<String> ids = new ArrayList<>();
            addOnce(ids, i.specification());
            addOnce(ids, i.uuid() == null ? null : i.uuid() + (i.version() == null ? "" : " v" + i.version()));
            addOnce(ids, i.annotation() == null ? null : "\"" + i.annotation() + "\"");
            if (!ids.isEmpty()) {
                b.append(" (").append(String.join(", ", ids)).append(')');
            }
            if (i.breaks() != null) {
                b.append(": breaks ").append(i.breaks());
            }
            out.add(b.toString());
        }
        return String.join("; ", out);
    }

    /** The policy a host was judged with: its group's, else the one without a group, else the only one; or null. */
    static PolicySummary policyOf(AuditReport report, HostReport h) {
        PolicySummary fallback = report.policies().size() == 1 ? report.policies().get(0) : null;
        for (PolicySummary p : report.policies()) {
            if (java.util.Objects.equals(p.group(), h.group())) {
                return p;
            }
            if (p.group() == null) {
                fallback = p;
            }
        }
        return fallback;
    }

    /**
     * A policy on one line: "web-policy.yaml, judged on 2026-12-01; forbidden by default: 23/tcp; exceptions in
     * force: ...; expired exceptions (not applied): ...".
     */
    static String policyText(PolicySummary p) {
        StringBuilder b = new StringBuilder(p.file() == null ? "built-in defaults only" : p.file());
        b.append(", judged on ").append(p.date()).append("; forbidden by default: ").append(p.builtIn().isEmpty()
                ? "nothing" : String.join(", ", p.builtIn().stream().map(PolicyRule::portsText).toList()));
        if (!p.exceptions().isEmpty()) {
            b.append("; exceptions in force: ").append(exceptions(p.exceptions(), "until"));
        }
        if (!p.expired().isEmpty()) {
            b.append("; expired exceptions (not applied): ").append(exceptions(p.expired(), "expired"));
        }
        return b.toString();
    }

    /** "53/tcp". */
    public String portLabel() {
        return port + "/" + transport;
    }

    /** The state word, or "" when not probed. */
    public String stateWord() {
        return state == null ? "" : state.word();
    }

    /** Who needs it: "domain-controller/kdc, domain-controller/dns-server"; "" for an unexpected port. */
    public String requiredBy() {
        return String.join(", ", needs);
    }

    /** Every evidence as "probe: summary [key=value, ...]", joined with " | ". */
    public String evidenceText() {
        return evidenceText(evidence);
    }

    static String evidenceText(List<Evidence> evidence) {
        List<String> parts = new ArrayList<>();
        for (Evidence e : evidence) {
            StringBuilder sb = new StringBuilder(nz(e.probe()));
            if (e.summary() != null && !e.summary().isEmpty()) {
                sb.append(": ").append(e.summary());
            }
            if (!e.details().isEmpty()) {
                List<String> kv = new ArrayList<>();
                e.details().forEach((k, v) -> kv.add(k + "=" + v));
                sb.append(" [").append(String.join(", ", kv)).append(']');
            }
            parts.add(sb.toString());
        }
        return String.join(" | ", parts);
    }

    /** Round-trip time for people: "153 ms", "12.5 ms", "0.66 ms"; "" when unknown. */
    public static String rttText(Double ms) {
        if (ms == null) {
            return "";
        }
        String fmt = ms >= 100 ? "%.0f ms" : ms >= 10 ? "%.1f ms" : "%.2f ms";
        return String.format(Locale.ROOT, fmt, ms);
    }

    /** "pa-dc01 (198.18.0.10)", or the address, or the target as given. */
    public static String hostLabel(HostReport h) {
        if (h.name() != null && h.address() != null && !h.name().equals(h.address())) {
            return h.name() + " (" + h.address() + ")";
        }
        return h.address() != null ? h.address() : h.target();
    }

    /** The finding kinds a summary counts, in the order people read them: problems first, ok last. */
    public static final List<FindingKind> SUMMARY_KINDS = List.of(FindingKind.REQUIRED_BLOCKED,
            FindingKind.UNEXPECTED_OPEN, FindingKind.FORBIDDEN_OPEN, FindingKind.WRONG_SERVICE, FindingKind.CERTIFICATE,
            FindingKind.MISCONFIGURED, FindingKind.WEAK_TLS,
            FindingKind.UNVERIFIED, FindingKind.DROPPED, FindingKind.NOT_CHECKED, FindingKind.OK);

    private static void addOnce(List<String> list, String s) {
        if (s != null && !list.contains(s)) {
            list.add(s);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Policy exceptions on one line: "23/tcp until 2026-12-31 (host dc01): justification; ...". */
    static String exceptions(List<PolicyRule> rules, String word) {
        List<String> out = new ArrayList<>();
        for (PolicyRule e : rules) {
            out.add(e.portsText() + " " + word + " " + e.expires() + " (" + e.scope() + "): " + e.reason());
        }
        return String.join("; ", out);
    }
}
