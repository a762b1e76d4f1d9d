package org.portaudit.reports.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.UnexpectedPort;

/**
 * One problem finding on one port of one host, as drift compares them. Two findings are the same
 * finding when target, transport, port and kind match; state and message are carried along to show.
 *
 * @param target    the host: its target as given, or its address when the target was a block ({@link #host})
 * @param transport "tcp", "udp" or "ip"
 * @param port      "636", "dynamic-rpc", "1024-5000" ...
 * @param finding   the finding kind's word ("required-blocked" ...)
 * @param state     the port state seen ("filtered" ...), or null when not probed
 * @param message   the report's one-line explanation
 */
public record Finding(String target, String transport, String port, String finding, String state, String message) {
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::target)
            .thenComparing(Finding::transport).thenComparing(Finding::port).thenComparing(Finding::finding);

    /** The identity drift matches on. */
    public String key() {
        return target + "\u0000" + transport + "\u0000" + port + "\u0000" + finding;
    }

    /** Every problem finding of a report (ok and not-checked are not problems), in a stable order. */
    public static List<Finding> of(AuditReport report) {
        List<Finding> out = new ArrayList<>();
        for (HostReport h : report.hosts()) {
            out.addAll(of(h));
        }
        out.sort(ORDER);
        return out;
    }

    private static final java.util.regex.Pattern BLOCK = java.util.regex.Pattern.compile(
            "\\d{1,3}(\\.\\d{1,3}){3}-[\\d.]+|.*/\\d+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*-[0-9A-Fa-f:.]+");

    /**
     * The name a host is known by across runs: its target as given, except for an address from a block
     * ("198.18.1.0/24", "198.18.1.1-125"), whose hosts all carry the block as their target: those are known
     * by their address.
     */
    public static String host(HostReport h) {
        return h.address() != null && BLOCK.matcher(h.target()).matches() ? h.address() : h.target();
    }

    /** The problem findings of one host. */
    public static List<Finding> of(HostReport h) {
        List<Finding> out = new ArrayList<>();
        for (PortCheck c : h.expected()) {
            if (c.finding() != null && c.finding().isProblem()) {
                out.add(new Finding(host(h), c.transport(), c.port(), c.finding().word(),
                        c.state() == null ? null : c.state().word(), c.message()));
            }
        }
        for (UnexpectedPort u : h.unexpected()) {
            if (u.finding() != null && u.finding().isProblem()) {
                out.add(new Finding(host(h), u.transport(), String.valueOf(u.port()), u.finding().word(),
                        u.state() == null ? null : u.state().word(), u.message()));
            }
        }
        return out;
    }
}
