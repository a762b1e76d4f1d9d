package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;

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
 *   <li>{@code finding}: required-blocked, unexpected-open, forbidden-open, wrong-service, certificate,
 *       unverified, not-checked, ok; "error" on the one row of a host that could not be audited</li>
 *   <li>{@code message}: one line explaining the finding</li>
 *   <li>{@code rtt_ms}: round-trip time in milliseconds with three decimals, "" when none</li>
 *   <li>{@code roles}, {@code services}, {@code sources}: who needs the endpoint and where that is
 *       documented, several values separated by "; "</li>
 *   <li>{@code evidence}: "probe: summary [key=value, ...]", several separated by " | "</li>
 * </ol>
 *
 * <p>Text from the network is data, never a formula: a cell that starts with =, +, -, @, TAB or CR gets
 * a leading apostrophe (OWASP's CSV injection advice), which spreadsheets show as text.
 */
public final class CsvRenderer implements Renderer {
    /** The header row, in column order. */
    public static final List<String> COLUMNS = List.of("host", "address", "transport", "port", "protocol", "level",
            "state", "finding", "message", "rtt_ms", "roles", "services", "sources", "evidence");

    private static final String EOL = "\r\n";

    @Override
    public void render(AuditReport report, Writer target) throws IOException {
        UnicodeSafeWriter out = new UnicodeSafeWriter(target);
        row(out, COLUMNS);
        for (HostReport h : report.hosts()) {
            String host = h.name() != null ? h.name() : h.target();
            String address = h.address() == null ? "" : h.address();
            if (h.error() != null) {
                row(out, List.of(host, address, "", "", "", "", "", "error", h.error(), "", "", "", "", ""));
                continue;
            }
            for (Observation o : Observation.of(h)) {
                row(out, List.of(host, address, o.transport(), o.port(), o.what(), o.level(), o.stateWord(),
                        o.finding().word(), o.message(),
                        o.rttMillis() == null ? "" : String.format(Locale.ROOT, "%.3f", o.rttMillis()),
                        String.join("; ", o.roles()), String.join("; ", o.services()),
                        String.join("; ", o.sources()), o.evidenceText()));
            }
        }
        out.finish();
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
