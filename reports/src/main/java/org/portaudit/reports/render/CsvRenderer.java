package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PolicySummary;

/**
 * report.csv: one row per observation, expected endpoints and unexpected open ports alike, for a
 * spreadsheet or a script. RFC 4180: comma separated, CRLF line ends, a header row, fields quoted with
 * '"' (doubled inside) when they hold a comma, quote, CR or LF.
 *
 * <p>Columns, in this order (stable; new ones are only ever added at the end):
 * <ol>
 *   <li>{@code host}: the host name, or the target as given</li>
 *   <li>{@code address}: the address probed ("" when the name did not resolve)</li>
 *   <li>{@code transport}: tcp, udp or ip</li>
 *   <li>{@code port}: "88", a range "1024-5000", "dynamic-rpc", or an IP protocol number</li>
 *   <li>{@code protocol}: the expected application protocol, or an unexpected port's well-known name</li>
 *   <li>{@code level}: required, optional or conditional; "" for an unexpected port</li>
 *   <li>{@code state}: open, closed, filtered, open|filtered, unreachable; "" when not probed</li>
 *   <li>{@code finding}: required-blocked, unexpected-open, forbidden-open, wrong-service, certificate, misconfigured, weak-tls,
 *       unverified, dropped, not-checked, ok; "error" on the one row of a host that could not be audited</li>
 *   <li>{@code message}: one line explaining the finding</li>
 *   <li>{@code rtt_ms}: round-trip time in milliseconds with three decimals, "" when none</li>
 *   <li>{@code roles}, {@code services}, {@code sources}: who needs the endpoint and where that is
 *       documented, several values separated by "; "</li>
 *   <li>{@code evidence}: "probe: summary [key=value, ...]", several separated by " | "</li>
 *   <li>{@code group}: the inventory group the host was audited in ("" for a scan)</li>
 *   <li>{@code drift}: "new" or "persisting" since the earlier audit the report was compared with; "resolved" on
 *       the extra rows (after the host's own) of findings the earlier audit had and this one no longer has; ""
 *       when the row has no problem finding or the report no drift</li>
 *   <li>{@code under}: on the row of one port the endpoint mapper advertised, the row it belongs to
 *       ("dynamic-rpc/tcp"), placed right under it; "" on every other row</li>
 *   <li>{@code interfaces}: on such a row, the RPC interfaces behind the port: "name (specification, uuid
 *       vversion): breaks what", several separated by "; "</li>
 *   <li>{@code policy}: the policy the host was judged with: file (or built-in defaults), day, what it forbids,
 *       its exceptions</li>
 *   <li>{@code remedy}: on a required-blocked, unexpected-open or forbidden-open row, what to do: the firewall
 *       rule to enable or the service to stop, the network firewall rule, then "PowerShell:" and the commands
 *       separated by " ; "; "" on every other row</li>
 *   <li>{@code serves}: whom an expected endpoint serves (KB 179442's perspectives): "all", or e.g.
 *       "client, admin"; "" for an unexpected port or a report that does not record it</li>
 *   <li>{@code vantage}: where the host was probed from (the scanning machine's source address on the route to
 *       it); "" where not known</li>
 *   <li>{@code asked}: the perspectives the run asked for (--from): "all", or e.g. "client"</li>
 * </ol>
 *
 * <p>Text from the network is data, never a formula: a cell that starts with =, +, -, @, TAB or CR gets
 * a leading apostrophe (OWASP's CSV injection advice), which spreadsheets show as text.
 */
public final class CsvRenderer implements Renderer {
    /** The header row, in column order. */
    public static final List<String> COLUMNS = List.of("host", "address", "transport", "port", "protocol", "level",
            "state", "finding", "message", "rtt_ms", "roles", "services", "sources", "evidence", "group", "drift", "under", "interfaces", "policy",
            "remedy", "serves", "vantage", "asked");

    private static final String EOL = "\r\n";

    @Override
    public void render(AuditReport report, Writer target) throws IOException {
        UnicodeSafeWriter out = new UnicodeSafeWriter(target);
        DriftMarks drift = DriftMarks.of(report);
        row(out, COLUMNS);
        String asked = Observation.fromText(report.options().from());
        for (HostReport h : report.hosts()) {
            String host = h.name() != null ? h.name() : h.target();
            String address = h.address() == null ? "" : h.address();
            PolicySummary p = Observation.policyOf(report, h);
            List<String> tail = List.of(nz(h.group()), p == null ? "" : Observation.policyText(p), "", nz(h.vantage()),
                    asked);
            if (h.error() != null) {
                row(out, host, address, List.of("", "", "", "", "", "error", h.error(), "", "", "", "", ""), tail, "",
                        "", "", "");
                continue;
            }
            for (Observation o : Observation.of(h)) {
                observation(out, host, address, o, tail, drift.mark(o));
                for (Observation e : o.endpoints()) {
                    observation(out, host, address, e, tail, "");
                }
            }
            for (DriftFinding f : drift.resolved(h)) {
                resolved(out, host, address, f, tail);
            }
        }
        for (DriftFinding f : drift.resolvedElsewhere()) {
            resolved(out, f.target(), "", f, List.of("", "", "", "", asked));
        }
        out.finish();
    }

    private static void observation(Writer out, String host, String address, Observation o, List<String> tail,
                                    String drift) throws IOException {
        row(out, host, address, List.of(o.transport(), o.port(), o.what(), o.level(), o.stateWord(), o.finding().word(),
                o.message(), o.rttMillis() == null ? "" : String.format(Locale.ROOT, "%.3f", o.rttMillis()),
                String.join("; ", o.roles()), String.join("; ", o.services()), String.join("; ", o.sources()),
                o.evidenceText()), List.of(tail.get(0), tail.get(1), o.serves(), tail.get(3), tail.get(4)), drift,
                nz(o.under()), o.interfacesText(), o.remedyText());
    }

    /** A finding the earlier audit had and this one no longer has: what it was, marked resolved. */
    private static void resolved(Writer out, String host, String address, DriftFinding f, List<String> tail)
            throws IOException {
        row(out, host, address, List.of(f.transport().id(), f.portText(), "", "", f.state() == null ? ""
                : f.state().word(), f.finding().word(), nz(f.message()), "", "", "", "", ""), tail,
                DriftMarks.RESOLVED, "", "", "");
    }

    /** host, address, the observation's columns, group, drift, under, interfaces, policy, remedy, serves, vantage, asked. */
    private static void row(Writer out, String host, String address, List<String> middle, List<String> tail,
                            String drift, String under, String interfaces, String remedy) throws IOException {
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(host);
        cells.add(address);
        cells.addAll(middle);
        cells.add(tail.get(0));
        cells.add(drift);
        cells.add(under);
        cells.add(interfaces);
        cells.add(tail.get(1));
        cells.add(remedy);
        cells.addAll(tail.subList(2, 5));
        row(out, cells);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write(EOL);
    }

    /** One field: formula-neutralised, then quoted when RFC 4180 needs it. */
    static String cell(String raw) {
        String s = raw == null ? "" : raw;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
