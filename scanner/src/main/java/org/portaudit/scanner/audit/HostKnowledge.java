package org.portaudit.scanner.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;

/**
 * What a host's answers taught about the host as a whole, drawn once from its results: that it is a global
 * catalog (a rootDSE on 389 or 3268 said {@code isGlobalCatalogReady: TRUE}), that it speaks IKE (500/udp answered
 * an IKE request), which services answered a real request over TCP. The judge reasons with it: a conditional
 * port whose condition the evidence proves is required on this host, and a silent UDP port of a service that
 * answers over TCP is blocked. Each fact keeps the evidence it came from, so a verdict can name it.
 */
record HostKnowledge(Evidence globalCatalog, Evidence ike, Map<Integer, Evidence> answeredOverTcp) {
    /** UDP ports whose service answers the same request over TCP on the same port (Kerberos, kpasswd, DNS, LDAP). */
    static final List<Integer> SAME_SERVICE_OVER_TCP = List.of(53, 88, 389, 464);

    static HostKnowledge of(AuditPlan plan, HostResults seen) {
        Evidence gc = null;
        Evidence ike = null;
        Map<Integer, Evidence> tcp = new HashMap<>();
        List<ExpectedEndpoint> eps = plan.expected();
        for (int i = 0; i < eps.size(); i++) {
            ExpectedEndpoint e = eps.get(i);
            ProbeResult<?> r = seen.expected(i);
            if (r == null || r.state() != PortState.OPEN || r.service() == null || !r.service().matched()) {
                continue;
            }
            Evidence s = r.service();
            if (e.transport() == Transport.TCP) {
                tcp.put(e.number(), s);
                if ((e.number() == 389 || e.number() == 3268) && gc == null && isGlobalCatalog(s)) {
                    gc = s;
                }
            } else if (e.transport() == Transport.UDP && e.number() == 500 && s.probe().contains("ike")) {
                ike = s;
            }
        }
        return new HostKnowledge(gc, ike, Map.copyOf(tcp));
    }

    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,63}");

    /**
     * The DNS domain a rootDSE names: its {@code defaultNamingContext} ("DC=lab,DC=example" is lab.example).
     * Hostile text names none: every component must be DC= with a DNS label, at most 253 characters in all.
     */
    static Optional<String> domainFrom(Evidence rootDse) {
        Optional<String> nc = rootDse.text("defaultNamingContext");
        if (nc.isEmpty() || nc.get().length() > 1024) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (String part : nc.get().trim().split(",", -1)) {
            String p = part.trim();
            if (p.length() < 4 || !p.regionMatches(true, 0, "DC=", 0, 3) || !LABEL.matcher(p.substring(3)).matches()) {
                return Optional.empty();
            }
            out.append(out.length() == 0 ? "" : ".").append(p.substring(3).toLowerCase(Locale.ROOT));
        }
        return out.length() == 0 || out.length() > 253 ? Optional.empty() : Optional.of(out.toString());
    }

    private static boolean isGlobalCatalog(Evidence rootDse) {
        return rootDse.text("isGlobalCatalogReady").map(v -> v.trim().toUpperCase(Locale.ROOT).equals("TRUE"))
                .orElse(false);
    }

    /**
     * Why a conditional endpoint is required on this host, naming the deciding evidence; empty when no probe
     * decided its condition.
     */
    Optional<String> requiredHere(Transport t, int port) {
        if (t == Transport.TCP && (port == 3268 || port == 3269) && globalCatalog != null) {
            return Optional.of("required here: the rootDSE (" + globalCatalog.probe() + ") says this DC is a global "
                    + "catalog (isGlobalCatalogReady TRUE), and a global catalog serves "
                    + (port == 3268 ? "the global catalog over LDAP on 3268" : "the global catalog over TLS on 3269"));
        }
        if (t == Transport.UDP && port == 4500 && ike != null) {
            return Optional.of("required here: 500/udp answered an IKE request (" + ike.summary()
                    + "), so IPsec is in use and NAT traversal needs 4500/udp");
        }
        return Optional.empty();
    }

    /** The TCP answer of the same service, for a silent UDP port of a service that speaks both; empty otherwise. */
    Optional<Evidence> sameServiceOverTcp(int udpPort) {
        return SAME_SERVICE_OVER_TCP.contains(udpPort) ? Optional.ofNullable(answeredOverTcp.get(udpPort))
                : Optional.empty();
    }
}
