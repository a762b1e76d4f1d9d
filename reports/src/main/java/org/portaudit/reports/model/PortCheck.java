package org.portaudit.reports.model;

import java.util.List;

/**
 * One expected endpoint on one host, and what was seen there.
 *
 * @param transport  "tcp", "udp" or "ip"
 * @param port       "88", a range "1024-5000", "dynamic-rpc", or the IP protocol number
 * @param protocol   the application protocol(s) expected there
 * @param level      the strongest level among {@code requiredBy}: required, optional or conditional
 * @param requiredBy every role/service requirement that names this endpoint
 * @param state      the port state seen, or null when it was not probed
 * @param finding    the verdict
 * @param message    one line for people, explaining the verdict
 * @param rttMillis  round-trip time of the answer that decided the state, or null
 * @param attempts   probes sent, or 0 when not probed
 * @param evidence   what proved the state and the service's identity
 */
public record PortCheck(String transport, String port, String protocol, String level, List<RequirementRef> requiredBy,
                        PortState state, FindingKind finding, String message, Double rttMillis, int attempts,
                        List<Evidence> evidence) {
    public PortCheck {
        requiredBy = List.copyOf(requiredBy);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
