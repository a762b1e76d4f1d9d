package org.portaudit.reports.model;

import java.util.List;
import java.util.Map;

/**
 * Everything found on one target.
 *
 * @param target     as the user gave it (name, address, or an address from a range or file)
 * @param name       the host name, when the target was a name
 * @param address    the address probed, or null when the name did not resolve
 * @param error      why the host could not be audited (unresolvable name ...), else null
 * @param compliant  no finding of a kind the run fails on
 * @param counts     number of checks per finding kind (all kinds present, zeros included)
 * @param expected   the expected endpoints, findings first
 * @param unexpected open ports that no chosen role expects (only open ones are listed)
 * @param scanned    how many ports were probed on this host for the unexpected sweep
 */
public record HostReport(String target, String name, String address, String error, boolean compliant,
                         Map<String, Integer> counts, List<PortCheck> expected, List<UnexpectedPort> unexpected,
                         int scanned) {
    public HostReport {
        expected = List.copyOf(expected);
        unexpected = List.copyOf(unexpected);
        counts = Map.copyOf(counts);
    }
}
