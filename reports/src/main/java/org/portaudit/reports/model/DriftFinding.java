package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.portaudit.catalog.Transport;

/**
 * One problem finding on one port of one host, as drift compares them. Two findings are the same
 * finding when target, transport, port and kind match; state and message are carried along to show.
 *
 * @param target  the host: its target as given, or its address when the target was a block ({@link #host})
 * @param finding the finding kind
 * @param state   the port state seen, or null when not probed
 * @param message the report's one-line explanation
 */
public record DriftFinding(String target, Transport transport, Integer port, Span range, boolean dynamicRpc,
                           Integer ipProtocol, FindingKind finding, PortState state, String message) implements Located {
    public static final Comparator<DriftFinding> ORDER = Comparator.comparing(DriftFinding::target)
            .thenComparing(DriftFinding::transport).thenComparing(DriftFinding::portText)
            .thenComparing(DriftFinding::finding);

    public DriftFinding {
        Located.check(transport, port, range, dynamicRpc, ipProtocol);
        target = Sanitize.text(target, 512);
        message = Sanitize.text(message, 2048);
        if (finding == null) {
            throw new IllegalArgumentException("a drift finding needs its kind");
        }
    }

    public DriftFinding(String target, Transport transport, Located.Where where, FindingKind finding, PortState state,
                        String message) {
        this(target, transport, where.port(), where.range(), where.dynamicRpc(), where.ipProtocol(), finding, state,
                message);
    }

    /** The identity drift matches on. */
    @JsonIgnore
    public String key() {
        return target + "\u0000" + transport.id() + "\u0000" + portText() + "\u0000" + finding.word();
    }

    /** Every problem finding of a report (ok and not-checked are not problems), in a stable order. */
    public static List<DriftFinding> of(AuditReport report) {
        List<DriftFinding> out = new ArrayList<>();
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
    public static List<DriftFinding> of(HostReport h) {
        List<DriftFinding> out = new ArrayList<>();
        for (PortCheck c : h.expected()) {
            if (c.finding() != null && c.finding().isProblem()) {
                out.add(new DriftFinding(host(h), c.transport(), c.port(), c.range(), c.dynamicRpc(), c.ipProtocol(),
                        c.finding(), c.state(), c.message()));
            }
        }
        for (UnexpectedPort u : h.unexpected()) {
            if (u.finding() != null && u.finding().isProblem()) {
                out.add(new DriftFinding(host(h), u.transport(), u.port(), null, false, null, u.finding(), u.state(),
                        u.message()));
            }
        }
        return out;
    }
}
