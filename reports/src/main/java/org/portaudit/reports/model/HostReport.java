package org.portaudit.reports.model;

import java.util.List;

/**
 * Everything found on one target.
 *
 * @param target     as the user gave it (name, address, or the block an address came from)
 * @param name       the host name, when the target was a name
 * @param address    the address probed, or null when the name did not resolve
 * @param group      the inventory group it was audited in ({@code audit}); null for {@code scan}
 * @param error      why the host could not be audited (unresolvable name ...), else null
 * @param compliant  no finding of a kind the run fails on
 * @param counts     number of checks per finding kind (all kinds, zeros included)
 * @param scanned    how many ports were probed on this host
 * @param expected   the expected endpoints, findings first
 * @param unexpected open ports that no chosen role expects (only open ones are listed)
 * @param vantage    where the host was probed from: the scanning machine's source address on its route to
 *                   {@code address}, or null where not known (nmap's results, an unresolved host, an older report)
 */
public record HostReport(String target, String name, String address, String group, String error, boolean compliant,
                         Counts counts, int scanned, List<PortCheck> expected, List<UnexpectedPort> unexpected,
                         String vantage) {
    public HostReport {
        vantage = Sanitize.text(vantage, 64);
        if (vantage != null && !ADDRESS.matcher(vantage).matches()) {
            throw new IllegalArgumentException("the vantage '" + Sanitize.text(vantage, 40)
                    + "' is not an IPv4 or IPv6 address");
        }
        target = Sanitize.text(target, 512);
        name = Sanitize.text(name, 512);
        address = Sanitize.text(address, 64);
        group = Sanitize.text(group, 256);
        error = Sanitize.text(error, 1024);
        counts = counts == null ? Counts.empty() : counts;
        expected = expected == null ? List.of() : List.copyOf(expected);
        unexpected = unexpected == null ? List.of() : List.copyOf(unexpected);
    }

    /** What a vantage may be: an IPv4 or IPv6 address as Java writes one (digits, hex, dots, colons). */
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile(
            "[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A host whose vantage is not known. */
    public HostReport(String target, String name, String address, String group, String error, boolean compliant,
                      Counts counts, int scanned, List<PortCheck> expected, List<UnexpectedPort> unexpected) {
        this(target, name, address, group, error, compliant, counts, scanned, expected, unexpected, null);
    }

    /** The same host, probed from {@code source} (an address text). */
    public HostReport withVantage(String source) {
        return new HostReport(target, name, address, group, error, compliant, counts, scanned, expected, unexpected,
                source);
    }

    /** A host that could not be audited, with the reason. */
    public static HostReport failed(String target, String group, String error) {
        return new HostReport(target, null, null, group, error, false, Counts.empty(), 0, List.of(), List.of());
    }
}
